package io.smartleadkafkaroutes.support;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/** A real single-node KRaft Kafka broker in this JVM, on 127.0.0.1. */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(0);
    }

    /** A broker on a fixed port (0: any free one), so a restart comes back where clients expect it. */
    public static EmbeddedKafka start(int port) throws Exception {
        return start(port, Map.of());
    }

    /** A broker with some broker settings of its own (the benchmark's log-append timestamps, say). */
    public static EmbeddedKafka start(int port, Map<String, String> brokerSettings) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                // tests only talk to 127.0.0.1, never to whatever "localhost" resolves to
                .setConfigProp("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("num.partitions", "3")
                // client quotas (see limitProducers) measured over 2 s, not 11: they hold from the first second
                .setConfigProp("quota.window.num", "2")
                .setConfigProp("quota.window.size.seconds", "1");
        brokerSettings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    /**
     * Creates the topics up front, as a platform team would, with 3 partitions each, and waits until
     * the broker leads every partition, so the first write does not race the topic's creation.
     */
    public void createTopics(Collection<String> topics) throws Exception {
        createTopics(topics, Map.of());
    }

    /** Topics with these topic settings, e.g. {@code cleanup.policy=compact}. */
    public void createTopics(Collection<String> topics, Map<String, String> topicSettings) throws Exception {
        try (Admin admin = Admin.create(adminSettings())) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, 3, (short) 1).configs(topicSettings))
                    .toList()).all().get();
            Eventually.until(() -> allLed(admin, topics), Duration.ofSeconds(30),
                    () -> "topics " + topics + " have no leader yet");
        }
    }

    /** Waits until the broker leads every partition of these topics again, e.g. after {@link #startBroker}. */
    public void awaitLeaders(Collection<String> topics) {
        try (Admin admin = Admin.create(adminSettings())) {
            Eventually.until(() -> allLed(admin, topics), Duration.ofSeconds(30),
                    () -> "topics " + topics + " have no leader yet");
        }
    }

    private static boolean allLed(Admin admin, Collection<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * Limits every producer to this many bytes per second (a client quota for all client ids), so that a
     * page's transaction stays open long enough for a test to act while it is; null lifts the limit.
     */
    public void limitProducers(Long bytesPerSecond) throws Exception {
        ClientQuotaEntity everyClient = new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        try (Admin admin = Admin.create(adminSettings())) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(everyClient, List.of(new ClientQuotaAlteration.Op(
                    "producer_byte_rate", bytesPerSecond == null ? null : bytesPerSecond.doubleValue()))))).all().get();
        }
    }

    /**
     * Whether some partition of the topics holds records of a transaction neither committed nor aborted yet:
     * its last stable offset (where read_committed consumers stop) is below its end.
     */
    public boolean transactionOpenOn(Collection<String> topics) {
        try (Admin admin = Admin.create(adminSettings())) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(partition -> partitions.put(new TopicPartition(topic.name(), partition.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(partitions,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(partitions,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            return partitions.keySet().stream().anyMatch(partition -> stable.get(partition).offset()
                    < end.get(partition).offset());
        } catch (Exception unanswered) {
            throw new IllegalStateException("cannot read the offsets of " + topics, unanswered);
        }
    }

    /** Deletes every topic whose name starts with the prefix, so long runs do not fill the disk. */
    public void deleteTopicsStartingWith(String prefix) throws Exception {
        try (Admin admin = Admin.create(adminSettings())) {
            admin.deleteTopics(admin.listTopics().names().get().stream().filter(name -> name.startsWith(prefix)).toList())
                    .all().get();
        }
    }

    /** Stops the broker, as a crash or a rolling restart would; the controller stays up. */
    public void stopBroker() {
        cluster.brokers().values().forEach(broker -> broker.shutdown());
    }

    public void startBroker() {
        cluster.brokers().values().forEach(broker -> broker.startup());
    }

    private Properties adminSettings() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers().replace("localhost", "127.0.0.1");
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
