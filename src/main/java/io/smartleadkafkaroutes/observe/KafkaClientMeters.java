package io.smartleadkafkaroutes.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * Makes camel-kafka's producers and consumers as the factory it is given does, and shows each client's
 * own metrics ({@code kafka_producer_*}, {@code kafka_consumer_*}) through Micrometer's
 * {@link KafkaClientMetrics} until the client closes.
 * <p>
 * The clients are handed over unwrapped: camel-kafka's health checks look inside the real
 * {@code KafkaProducer} and {@code KafkaConsumer}. To hear of the close, each client gets a
 * {@link ClosingReporter} among its metric reporters, which Kafka closes with the client.
 */
public final class KafkaClientMeters implements KafkaClientFactory {

    /** Client setting that carries the client's meters to its reporter; Kafka hands unknown settings on. */
    static final String METERS_SETTING = "smartlead.kafka-client-meters";

    private final KafkaClientFactory clients;
    private final MeterRegistry registry;

    public KafkaClientMeters(KafkaClientFactory clients, MeterRegistry registry) {
        this.clients = clients;
        this.registry = registry;
    }

    @Override
    public Producer getProducer(Properties settings) {
        AtomicReference<KafkaClientMetrics> meters = new AtomicReference<>();
        Producer<?, ?> producer = clients.getProducer(closingMetersWithClient(settings, meters));
        bind(meters, new KafkaClientMetrics(producer));
        return producer;
    }

    @Override
    public Consumer getConsumer(Properties settings) {
        AtomicReference<KafkaClientMetrics> meters = new AtomicReference<>();
        Consumer<?, ?> consumer = clients.getConsumer(closingMetersWithClient(settings, meters));
        bind(meters, new KafkaClientMetrics(consumer));
        return consumer;
    }

    @Override
    public String getBrokers(KafkaConfiguration configuration) {
        return clients.getBrokers(configuration);
    }

    private void bind(AtomicReference<KafkaClientMetrics> meters, KafkaClientMetrics clientMetrics) {
        clientMetrics.bindTo(registry);
        meters.set(clientMetrics);
    }

    /** The client's settings plus its {@link ClosingReporter}, after any reporters already named. */
    private static Properties closingMetersWithClient(Properties settings,
            AtomicReference<KafkaClientMetrics> meters) {
        Properties withReporter = new Properties();
        withReporter.putAll(settings);
        String reporters = settings.getProperty(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        withReporter.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
                (reporters.isBlank() ? "" : reporters + ",") + ClosingReporter.class.getName());
        withReporter.put(METERS_SETTING, meters);
        return withReporter;
    }

    /** Kafka makes one per client and closes it when the client closes: the client's meters go with it. */
    public static final class ClosingReporter implements MetricsReporter {

        private AtomicReference<KafkaClientMetrics> meters;

        @Override
        @SuppressWarnings("unchecked")
        public void configure(Map<String, ?> settings) {
            meters = (AtomicReference<KafkaClientMetrics>) settings.get(METERS_SETTING);
        }

        @Override
        public void init(List<KafkaMetric> metrics) {
            // the meters read the client's metrics themselves
        }

        @Override
        public void metricChange(KafkaMetric metric) {
            // likewise
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {
            // likewise
        }

        @Override
        public void close() {
            // null when the client failed to start, before its meters were bound
            KafkaClientMetrics clientMetrics = meters.getAndSet(null);
            if (clientMetrics != null) {
                clientMetrics.close();
            }
        }
    }
}
