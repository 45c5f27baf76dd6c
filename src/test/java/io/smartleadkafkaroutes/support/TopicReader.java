package io.smartleadkafkaroutes.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics as a consumer would: a plain KafkaConsumer, from the beginning to the current end;
 * {@code read_committed}, as Kafka's exactly-once consumers (and librdkafka's and kcat's defaults) read,
 * unless made {@link #readUncommitted}.
 */
public final class TopicReader {

    private final String bootstrapServers;
    private final IsolationLevel isolation;

    public TopicReader(String bootstrapServers) {
        this(bootstrapServers, IsolationLevel.READ_COMMITTED);
    }

    private TopicReader(String bootstrapServers, IsolationLevel isolation) {
        this.bootstrapServers = bootstrapServers;
        this.isolation = isolation;
    }

    /** A reader that also sees the records of transactions that were aborted or are still open. */
    public static TopicReader readUncommitted(String bootstrapServers) {
        return new TopicReader(bootstrapServers, IsolationLevel.READ_UNCOMMITTED);
    }

    /** Every record now on each topic; a topic that does not exist has none. */
    public Map<String, List<ConsumerRecord<String, byte[]>>> readAll(Collection<String> topics) throws Exception {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();
        topics.forEach(topic -> byTopic.put(topic, new ArrayList<>()));
        Set<String> existing;
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminProps)) {
            existing = admin.listTopics().names().get();
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    for (PartitionInfo info : consumer.partitionsFor(topic)) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read topics " + topics + " to their end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> byTopic.get(record.topic()).add(record));
            }
        }
        return byTopic;
    }

    /** The keys of every record now on these topics, in no particular order. */
    public List<String> keys(Collection<String> topics) throws Exception {
        return readAll(topics).values().stream().flatMap(List::stream).map(ConsumerRecord::key).toList();
    }

    /** {@link #keys}, or none while the topics cannot be read yet: for waiting until records arrive. */
    public List<String> keysSoFar(Collection<String> topics) {
        try {
            return keys(topics);
        } catch (Exception notYet) {
            return List.of();
        }
    }

    public List<ConsumerRecord<String, byte[]>> read(String topic) throws Exception {
        return readAll(List.of(topic)).get(topic);
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A record header as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }
}
