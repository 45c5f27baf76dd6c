package io.smartleadkafkaroutes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartleadkafkaroutes.support.FreePort;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.management.ObjectName;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Clients made and closed without a broker: making one needs none, and its metrics exist from the start. */
class KafkaClientMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaClientMeters clients = new KafkaClientMeters(new DefaultKafkaClientFactory(), registry);

    private static Properties settings(String clientId) {
        Properties settings = new Properties();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + FreePort.pick());
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    private static Properties producerSettings(String clientId) {
        Properties settings = settings(clientId);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return settings;
    }

    private List<String> kafkaMeters() {
        return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName)
                .filter(name -> name.startsWith("kafka.")).toList();
    }

    @Test
    void should_show_a_producers_metrics_until_it_closes() {
        Producer<?, ?> producer = clients.getProducer(producerSettings("meters-producer"));

        assertThat(registry.get("kafka.producer.record.send.total").tag("client.id", "meters-producer")
                .functionCounter().count()).isZero();
        assertThat(registry.get("kafka.producer.record.error.total").functionCounter()).isNotNull();

        producer.close(Duration.ZERO);
        assertThat(kafkaMeters()).isEmpty();
    }

    @Test
    void should_show_a_consumers_metrics_until_it_closes() {
        Properties settings = settings("meters-consumer");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "meters");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Consumer<?, ?> consumer = clients.getConsumer(settings);

        assertThat(registry.get("kafka.consumer.fetch.manager.records.lag.max").tag("client.id", "meters-consumer")
                .gauge()).isNotNull();

        consumer.close(Duration.ZERO);
        assertThat(kafkaMeters()).isEmpty();
    }

    @Test
    void should_keep_the_metric_reporters_the_settings_name() throws Exception {
        Properties settings = producerSettings("meters-jmx");
        settings.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JmxReporter.class.getName());
        // without this, Kafka would add a JMX reporter by itself
        settings.put("auto.include.jmx.reporter", "false");
        ObjectName producerMetrics = new ObjectName("kafka.producer:type=producer-metrics,client-id=meters-jmx");

        Producer<?, ?> producer = clients.getProducer(settings);

        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(producerMetrics)).isTrue();
        producer.close(Duration.ZERO);
        assertThat(kafkaMeters()).as("closed by the bundle's reporter, listed after the JMX one").isEmpty();
    }
}
