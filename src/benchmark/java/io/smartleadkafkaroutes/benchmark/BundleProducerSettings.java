package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.support.ShippedSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka producer settings the bundle runs with: the shipped {@code camel.component.kafka.*} lines
 * of application.properties, turned into producer properties by camel-kafka itself, so the plain
 * producers of the benchmark send exactly as the bundle does (acks, idempotence, in-flight requests,
 * linger, compression, serializers) without repeating a value.
 */
final class BundleProducerSettings {

    private static final String PREFIX = "camel.component.kafka.";

    private BundleProducerSettings() {
    }

    static Properties load(String bootstrapServers) throws Exception {
        Map<String, Object> options = new HashMap<>();
        ShippedSettings.load().forEach((name, value) -> {
            // the brokers line names an environment variable; the benchmark's broker replaces it below
            if (name.toString().startsWith(PREFIX) && !name.toString().equals(PREFIX + "brokers")) {
                options.put(name.toString().substring(PREFIX.length()), value.toString().trim());
            }
        });
        KafkaConfiguration configuration = new KafkaConfiguration();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // component-only options (lazy-start-producer) are not the clients' settings: left out
            PropertyBindingSupport.build().withCamelContext(camel).withTarget(configuration)
                    .withProperties(options).withRemoveParameters(false).withMandatory(false).bind();
        }
        Properties producer = configuration.createProducerProperties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return producer;
    }
}
