package io.smartleadkafkaroutes.support;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * A single-node Kafka broker on 127.0.0.1 that tests run against. Which one is chosen by the system property
 * {@value #CHOICE}: {@code embedded} (the default, {@link EmbeddedKafka}: Kafka 3.9 in this JVM) or {@code kafka4}
 * ({@link Kafka4Broker}: Kafka 4.x in a JVM of its own). Everything but starting, stopping and the address goes
 * through Kafka's Admin API, so it holds for any broker.
 */
public interface TestBroker extends AutoCloseable {

    /** Not under smartlead.: the application in the test JVM refuses every system property there it does not know. */
    String CHOICE = "it.broker";

    /** The broker {@value #CHOICE} names, started with these broker settings of its own (none: Kafka's defaults). */
    static TestBroker start(Map<String, String> brokerSettings) throws Exception {
        String choice = System.getProperty(CHOICE, "embedded");
        return switch (choice) {
            // a fixed port, so that a restarted broker is back where the clients expect it
            case "embedded" -> EmbeddedKafka.start(FreePort.pick(), brokerSettings);
            case "kafka4" -> Kafka4Broker.start(brokerSettings);
            default -> throw new IllegalArgumentException(CHOICE + "=" + choice
                    + " names no test broker; known: embedded, kafka4");
        };
    }

    String bootstrapServers();

    /** Stops the broker, as a crash or a rolling restart would; {@link #startBroker} brings it back at the same address. */
    void stopBroker();

    void startBroker();

    /**
     * Creates the topics up front, as a platform team would, with 3 partitions each, and waits until
     * the broker leads every partition, so the first write does not race the topic's creation.
     */
    default void createTopics(Collection<String> topics) throws Exception {
        createTopics(topics, Map.of());
    }

    /** Topics with these topic settings, e.g. {@code cleanup.policy=compact}. */
    default void createTopics(Collection<String> topics, Map<String, String> topicSettings) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, 3, (short) 1).configs(topicSettings))
                    .toList()).all().get();
            awaitLeaders(admin, topics);
        }
    }

    /** Waits until the broker leads every partition of these topics again, e.g. after {@link #startBroker}. */
    default void awaitLeaders(Collection<String> topics) {
        try (Admin admin = admin()) {
            awaitLeaders(admin, topics);
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> topics) {
        Eventually.until(() -> allLed(admin, topics), Duration.ofSeconds(30), () -> "topics " + topics + " have no leader yet");
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
    default void limitProducers(Long bytesPerSecond) throws Exception {
        ClientQuotaEntity everyClient = new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        try (Admin admin = admin()) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(everyClient, List.of(new ClientQuotaAlteration.Op(
                    "producer_byte_rate", bytesPerSecond == null ? null : bytesPerSecond.doubleValue()))))).all().get();
        }
    }

    /** Deletes every topic whose name starts with the prefix, so long runs do not fill the disk. */
    default void deleteTopicsStartingWith(String prefix) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(admin.listTopics().names().get().stream().filter(name -> name.startsWith(prefix)).toList())
                    .all().get();
        }
    }

    /** An Admin client of this broker; the caller closes it. */
    default Admin admin() {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(settings);
    }
}
