package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.it.AppFixture;
import io.smartleadkafkaroutes.simulator.RecordedRequest;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.EmbeddedKafka;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * What every run shares: one in-process broker, one simulator serving one filter of the benchmark's
 * contacts, the bundle's producer settings, and fresh topics per run so counts are exact. The broker
 * stamps every record with its append time, so "last acknowledgement" reads the same way for plain
 * producers and for the bundle in another process.
 */
final class BenchmarkEnvironment implements AutoCloseable {

    static final long FILTER_ID = 424242;

    private final BenchmarkOptions options;
    private final EmbeddedKafka kafka;
    private final SmartleadSimulator simulator;
    private final TopicReader reader;
    private final Properties producerSettings;
    private final AtomicInteger runs = new AtomicInteger();

    private BenchmarkEnvironment(BenchmarkOptions options, EmbeddedKafka kafka, SmartleadSimulator simulator)
            throws Exception {
        this.options = options;
        this.kafka = kafka;
        this.simulator = simulator;
        this.reader = new TopicReader(kafka.bootstrapServers());
        this.producerSettings = BundleProducerSettings.load(kafka.bootstrapServers());
    }

    static BenchmarkEnvironment start(BenchmarkOptions options) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(0, Map.of("log.message.timestamp.type", "LogAppendTime"));
        SmartleadSimulator simulator = new SmartleadSimulator(AppFixture.API_KEY).start()
                .withAccountMaxLimit(options.contacts())
                .withFilter(FILTER_ID, options.contacts());
        return new BenchmarkEnvironment(options, kafka, simulator);
    }

    BenchmarkOptions options() {
        return options;
    }

    SmartleadSimulator simulator() {
        return simulator;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Properties producerSettings() {
        Properties copy = new Properties();
        copy.putAll(producerSettings);
        return copy;
    }

    /** The topic-name prefix of one run: every run writes to topics of its own, so counts are exact. */
    String runPrefix(String run) {
        return "bench." + run + "." + runs.incrementAndGet();
    }

    /** A run's single topic, for the plain producer. */
    String freshTopic(String runPrefix) throws Exception {
        String topic = runPrefix + ".contacts";
        kafka.createTopics(List.of(topic));
        return topic;
    }

    /** A run's own category and dead-letter topics, and its request topic, created (and led) before it starts. */
    TestTopics freshTopics(String runPrefix) throws Exception {
        TestTopics topics = new TestTopics(runPrefix);
        List<String> plain = new java.util.ArrayList<>(topics.all());
        plain.add(topics.asSettings().getProperty("smartlead.topics.fetch-requests"));
        kafka.createTopics(plain);
        // as deployed: the memory of published contacts exists, compacted (the Strimzi overlay's KafkaTopic)
        kafka.createTopics(List.of(topics.published()), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
        return topics;
    }

    /** The whole application's settings for one poll of the benchmark's filter into these topics. */
    Properties bundleSettings(TestTopics topics) {
        Properties settings = AppFixture.settings(simulator, kafka.bootstrapServers(), topics,
                Long.toString(FILTER_ID), options.contacts(), options.pageSize());
        settings.put("smartlead.api.account-max-limit", Integer.toString(options.contacts()));
        return settings;
    }

    /** How many requests the simulator has seen, to find a run's first request afterwards. */
    int requestMark() {
        return simulator.requests().size();
    }

    int requestsSince(int mark) {
        return simulator.requests().size() - mark;
    }

    Instant firstRequestSince(int mark) {
        List<RecordedRequest> requests = simulator.requests();
        if (requests.size() <= mark) {
            throw new IllegalStateException("no request since the run began");
        }
        return requests.get(mark).receivedAt();
    }

    /**
     * Reads back what a run wrote: exactly the poll's contacts (else the run failed), the time from
     * {@code start} to the last record's broker append time, and the records' mean size.
     */
    Measurement measure(Collection<String> topics, Instant start) throws Exception {
        return measure(topics, start, Instant.MIN);
    }

    /**
     * As {@link #measure(Collection, Instant)}, to {@code committed} if that is later: records written in
     * transactions reach read_committed consumers when their transaction commits, after their append.
     */
    Measurement measure(Collection<String> topics, Instant start, Instant committed) throws Exception {
        return measure(topics, start, committed, 1);
    }

    /**
     * As {@link #measure(Collection, Instant, Instant)}, for topics that {@code polls} polls wrote, each the
     * poll's contacts, the last one timed; the mean size is over all.
     */
    Measurement measure(Collection<String> topics, Instant start, Instant committed, int polls) throws Exception {
        long count = 0;
        long bytes = 0;
        long lastAppend = Long.MIN_VALUE;
        for (List<ConsumerRecord<String, byte[]>> records : reader.readAll(topics).values()) {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                    throw new IllegalStateException("record without the broker's append time: " + record.timestampType());
                }
                count++;
                bytes += size(record);
                lastAppend = Math.max(lastAppend, record.timestamp());
            }
        }
        if (count != (long) polls * options.contacts()) {
            throw new IllegalStateException("expected " + (long) polls * options.contacts() + " records on " + topics
                    + ", found " + count);
        }
        Instant end = Instant.ofEpochMilli(lastAppend).isAfter(committed) ? Instant.ofEpochMilli(lastAppend) : committed;
        return new Measurement(Duration.between(start, end), count / polls, (double) bytes / count);
    }

    private static long size(ConsumerRecord<String, byte[]> record) {
        long size = record.serializedKeySize() + record.serializedValueSize();
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    /**
     * Drops a run's topics (a bundle's compacted memory and request topic included), so the broker's
     * disk does not fill up over the repetitions.
     */
    void dropTopics(String runPrefix) throws Exception {
        kafka.deleteTopicsStartingWith(runPrefix + ".");
    }

    @Override
    public void close() throws Exception {
        simulator.close();
        kafka.close();
    }
}
