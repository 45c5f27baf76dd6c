package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever the memory topic holds, the bundle goes on: records without a key, values it cannot read and
 * oversized values are skipped and named, before the start and while it runs; a memory topic deleted while it
 * runs is created again, compacted; one that loses compaction stops the publishing until it is compacted again.
 */
class MemoryTopicIT {

    private static final long FILTER = 6161;
    private static final String OVERSIZED = "x".repeat(900_000);
    /** The test log outlives a build without clean: this run's topics are named apart from earlier runs'. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_skip_and_name_records_it_cannot_read_before_the_start_and_while_running() throws Exception {
        TestTopics topics = BUNDLE.topics("unreadable-memory-" + RUN);
        // records without a key only get in while the topic is a delete topic
        BUNDLE.broker().createTopics(List.of(topics.published()), Map.of("cleanup.policy", "delete"));
        write(topics.published(), null, "2 0123456789abcdef smartlead.contacts.verified " + FILTER);
        write(topics.published(), "5f22b0c8cff47e0001616f81", "hello");
        write(topics.published(), "5f22b0c8cff47e0001616f82", OVERSIZED);
        policy(topics.published(), "compact");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 200);
        try (RunningApp app = BUNDLE.start(settings(topics))) {
            ManagementApi management = new ManagementApi(app.managementUrl());
            app.polls().await(1, Duration.ofSeconds(60));
            // the last page's commit markers reach its partitions a moment after the commit returned
            Eventually.until(() -> BUNDLE.reader().keysSoFar(topics.categoryTopics().values()).size() == 200,
                    Duration.ofSeconds(30), () -> "not every contact was published");
            assertThat(skipped(management)).isEqualTo(3);

            write(topics.published(), "5f22b0c8cff47e0001616f83", "2 nothex smartlead.contacts.verified 1");
            write(topics.published(), "5f22b0c8cff47e0001616f84", OVERSIZED);
            Eventually.until(() -> skipped(management) == 5, Duration.ofSeconds(30), () -> skipped(management) + " skipped");
            int polls = app.polls().polls();
            app.polls().await(polls + 1, Duration.ofSeconds(60));
            assertThat(management.get("/observe/health/ready").status()).isEqualTo(200);
        }
        List<String> warnings = Files.readAllLines(KeyLeakCheck.TEST_LOG).stream()
                .filter(line -> line.contains(" WARN ") && line.contains("Skipped the record at partition")
                        && line.contains(topics.published()))
                .toList();
        assertThat(warnings).hasSize(5).anySatisfy(line -> assertThat(line).contains("it has no key"))
                .anySatisfy(line -> assertThat(line).contains("its value cannot be read"))
                .anySatisfy(line -> assertThat(line).contains("its value of 900000 characters"))
                .allSatisfy(line -> assertThat(line).containsPattern("partition \\d+ offset \\d+"));
    }

    @Test
    void should_create_a_deleted_memory_topic_again_compacted_and_go_on_publishing() throws Exception {
        TestTopics topics = BUNDLE.topics("deleted-memory-" + RUN);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 200);
        try (RunningApp app = BUNDLE.start(settings(topics)); Admin admin = BUNDLE.broker().admin()) {
            app.polls().await(1, Duration.ofSeconds(60));
            admin.deleteTopics(List.of(topics.published())).all().get();

            Eventually.until(() -> "compact".equals(policyOf(admin, topics.published())), Duration.ofSeconds(30),
                    () -> topics.published() + " was not created again, compacted");
            int requests = simulator.requests().size();
            Eventually.until(() -> simulator.requests().size() > requests && ready(app), Duration.ofSeconds(60),
                    () -> "no poll after the memory topic came back");
        }
        assertThat(Files.readAllLines(KeyLeakCheck.TEST_LOG)).anySatisfy(line -> assertThat(line).contains(" ERROR ",
                "No page is published until the published-contacts topic " + topics.published(), "was deleted"));
    }

    @Test
    void should_stop_publishing_while_the_memory_topic_is_not_compacted() throws Exception {
        TestTopics topics = BUNDLE.topics("uncompacted-memory");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 200);
        try (RunningApp app = BUNDLE.start(settings(topics))) {
            ManagementApi management = new ManagementApi(app.managementUrl());
            app.polls().await(1, Duration.ofSeconds(60));
            policy(topics.published(), "delete");

            Eventually.until(() -> management.get("/observe/health/ready").body().contains("not compact"),
                    Duration.ofSeconds(30), () -> "readiness: " + management.get("/observe/health/ready"));
            int requests = simulator.requests().size();
            app.polls().await(app.polls().polls() + 3, Duration.ofSeconds(30));
            assertThat(simulator.requests()).as("no poll asks the API while nothing may be published").hasSize(requests);

            policy(topics.published(), "compact");
            Eventually.until(() -> simulator.requests().size() > requests && ready(app), Duration.ofSeconds(60),
                    () -> "no poll after the memory topic was compacted again");
        }
    }

    private static boolean ready(RunningApp app) {
        return new ManagementApi(app.managementUrl()).get("/observe/health/ready").status() == 200;
    }

    private static double skipped(ManagementApi management) {
        return management.metrics().getOrDefault("smartlead_memory_records_skipped", -1.0);
    }

    private static Properties settings(TestTopics topics) throws Exception {
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.poll.period", "500");
        return settings;
    }

    private static void write(String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2000000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static void policy(String topic, String cleanupPolicy) throws Exception {
        try (Admin admin = BUNDLE.broker().admin()) {
            Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", cleanupPolicy), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(change).all().get();
        }
    }

    private static String policyOf(Admin admin, String topic) {
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value();
        } catch (Exception notThere) {
            return "";
        }
    }
}
