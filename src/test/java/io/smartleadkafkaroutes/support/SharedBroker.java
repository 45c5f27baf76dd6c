package io.smartleadkafkaroutes.support;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker for all tests of a class ({@code @RegisterExtension static}); it outlives the
 * class's own {@code @AfterAll} methods, so they can still read topics.
 */
public final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;
    private TopicReader reader;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start();
        reader = new TopicReader(kafka.bootstrapServers());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        kafka.close();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public TopicReader reader() {
        return reader;
    }

    /**
     * A test's own topics, created before the application writes, as in production: auto-created topics
     * can make an idempotent producer stall on Kafka 3.9 brokers (KAFKA-15591).
     */
    public TestTopics topics(String prefix) throws Exception {
        TestTopics topics = new TestTopics(prefix);
        kafka.createTopics(topics.all());
        return topics;
    }

    /** A record header as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
