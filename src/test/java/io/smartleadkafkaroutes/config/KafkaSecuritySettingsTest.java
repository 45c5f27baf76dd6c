package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security comes from environment variables alone (application.properties reads them); left unset,
 * the Kafka clients get PLAINTEXT and no SASL or TLS setting at all, as before there was any.
 */
class KafkaSecuritySettingsTest {

    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"smartlead-kafka-routes\" password=\"not-a-real-password\";";

    @TempDir
    Path work;

    @Test
    void should_give_the_kafka_clients_plaintext_and_no_sasl_or_tls_setting_when_nothing_is_set() {
        for (Properties client : clientSettings(Map.of())) {
            assertThat(client).containsEntry("security.protocol", "PLAINTEXT");
            assertThat(client.stringPropertyNames()).noneMatch(name -> name.startsWith("sasl.") || name.startsWith("ssl."));
        }
    }

    @Test
    void should_give_the_kafka_clients_sasl_ssl_with_scram_and_a_truststore_from_environment_variables() throws Exception {
        Path truststore = work.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.store(out, "truststore-password".toCharArray());
        }
        Map<String, String> environment = Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", SCRAM_LOGIN,
                "KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-password",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");

        for (Properties client : clientSettings(environment)) {
            assertThat(client).contains(entry("security.protocol", "SASL_SSL"), entry("sasl.mechanism", "SCRAM-SHA-512"),
                    entry("sasl.jaas.config", SCRAM_LOGIN), entry("ssl.truststore.location", truststore.toString()),
                    entry("ssl.truststore.password", "truststore-password"), entry("ssl.truststore.type", "PKCS12"));
            assertKafkaClientAccepts(client);
        }
    }

    @Test
    void should_leave_the_truststore_to_the_jvm_when_sasl_ssl_names_none() {
        Map<String, String> environment = Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"smartlead-kafka-routes\" password=\"not-a-real-password\";");

        for (Properties client : clientSettings(environment)) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
            assertThat(client.stringPropertyNames()).doesNotContain("ssl.truststore.location", "ssl.truststore.password");
            assertKafkaClientAccepts(client);
        }
    }

    /** A consumer builds its SASL login and TLS context when it is created, without connecting to a broker. */
    private static void assertKafkaClientAccepts(Properties client) {
        Properties consumer = new Properties();
        consumer.putAll(client);
        consumer.put("bootstrap.servers", "127.0.0.1:9");
        consumer.put("group.id", "kafka-security-settings-test");
        new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer()).close();
    }

    /** In place of the bundle's beans. */
    public static class NoBeans implements CamelConfiguration {
    }

    /** The producer and consumer settings camel-kafka builds from the shipped application.properties. */
    private static List<Properties> clientSettings(Map<String, String> environment) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        Properties nothingElse = new Properties();
        nothingElse.put("camel.main.routes-collector-enabled", "false");
        // the Kafka component's settings alone, none of the bundle's beans
        nothingElse.put("camel.main.configuration-classes", NoBeans.class.getName());
        nothingElse.put("camel.management.enabled", "false");
        nothingElse.put("camel.metrics.enabled", "false");
        main.setOverrideProperties(nothingElse);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                configuring.getCamelContext().getPropertiesComponent().addPropertiesFunction(new Environment(environment));
            }
        });
        main.start();
        try {
            KafkaConfiguration kafka = main.getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
            return List.of(kafka.createProducerProperties(), kafka.createConsumerProperties());
        } finally {
            main.stop();
        }
    }

    /** {@code {{env:NAME:default}}} answered from a map instead of this process's environment. */
    private record Environment(Map<String, String> variables) implements PropertiesFunction {

        @Override
        public String getName() {
            return "env";
        }

        @Override
        public String apply(String remainder) {
            int colon = remainder.indexOf(':');
            String name = colon < 0 ? remainder : remainder.substring(0, colon);
            return variables.getOrDefault(name, colon < 0 ? null : remainder.substring(colon + 1));
        }
    }
}
