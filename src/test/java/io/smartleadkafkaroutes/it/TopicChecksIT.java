package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.support.AppProcess;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topics, checked at start: missing ones are created (categories and the memory compacted, the dead-letter
 * and request topics not), a memory topic that is not compacted or cannot be created stops the start with
 * one line, a category topic that is not compacted is warned about.
 */
class TopicChecksIT {

    private static final long FILTER = 5151;
    private static final Path OUTPUT = Path.of("target", "topic-checks-it");
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(30);
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_create_the_missing_topics_with_the_configured_partitions_categories_and_memory_compacted()
            throws Exception {
        TestTopics topics = new TestTopics("created");
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.topics.partitions", "2");
        settings.put("smartlead.topics.replication-factor", "1");
        settings.put("smartlead.topics.delete-retention", "2d");
        BUNDLE.simulator().withFilter(FILTER, 50);

        BUNDLE.runPolls(settings, 1);

        String requests = topics.fetchRequests();
        try (Admin admin = BUNDLE.broker().admin()) {
            List<String> all = new java.util.ArrayList<>(topics.all());
            all.add(topics.published());
            all.add(requests);
            Map<String, TopicDescription> described = admin.describeTopics(all).allTopicNames().get();
            assertThat(described.values()).allSatisfy(topic -> assertThat(topic.partitions()).as(topic.name()).hasSize(2));
            Map<String, Config> configs = configs(admin, all);
            topics.categoryTopics().values().forEach(topic -> {
                assertThat(configs.get(topic).get("cleanup.policy").value()).as(topic).isEqualTo("compact");
                assertThat(configs.get(topic).get("delete.retention.ms").value()).as(topic).isEqualTo("172800000");
            });
            assertThat(configs.get(topics.published()).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(topics.deadLetter()).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(requests).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void should_refuse_to_start_when_the_memory_topic_is_not_compacted() throws Exception {
        TestTopics topics = BUNDLE.topics("memory-not-compacted");
        BUNDLE.broker().createTopics(List.of(topics.published()), Map.of("cleanup.policy", "delete", "retention.ms", "1000"));

        AppProcess.Ended ended = app("memory-not-compacted", topics).runAtMost(REFUSAL_BOUND);

        assertRefused(ended, "Cannot start: The published-contacts topic " + topics.published()
                + " (smartlead.topics.dedup) has cleanup.policy=delete: it must be compact, or exactly once is lost across"
                + " restarts; fix it with kafka-configs.sh --alter --entity-type topics --entity-name " + topics.published()
                + " --add-config cleanup.policy=compact");
    }

    @Test
    void should_refuse_to_start_without_a_memory_topic_it_may_not_create() throws Exception {
        TestTopics topics = BUNDLE.topics("memory-missing");

        AppProcess.Ended ended = app("memory-missing", topics).environment("SMARTLEAD_TOPICS_CREATE", "false")
                .runAtMost(REFUSAL_BOUND);

        assertRefused(ended, "Cannot start: The published-contacts topic " + topics.published() + " does not exist and"
                + " smartlead.topics.create=false: create it compacted (docs/records.md, \"Topics\"), or set"
                + " smartlead.topics.create=true");
    }

    @Test
    void should_warn_about_a_category_topic_that_is_not_compacted_and_publish_all_the_same() throws Exception {
        // named apart from earlier runs': the test log outlives a build without clean
        TestTopics topics = BUNDLE.topics("category-not-compacted-" + Long.toString(System.currentTimeMillis(), 36));
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        BUNDLE.simulator().withFilter(FILTER, 50);

        BUNDLE.runPolls(settings, 1);

        assertThat(BUNDLE.reader().keys(topics.categoryTopics().values())).hasSize(50);
        assertThat(Files.readAllLines(KeyLeakCheck.TEST_LOG)).filteredOn(line -> line.contains(" WARN ")
                && line.contains(topics.topic("verified")) && line.contains("not compact")).hasSize(1);
    }

    private static AppProcess app(String name, TestTopics topics) {
        AppProcess app = new AppProcess(OUTPUT.resolve(name + ".txt"))
                .environment("SMARTLEAD_API_KEY", AppFixture.API_KEY)
                .environment("SMARTLEAD_POLL_FILTER_IDS", Long.toString(FILTER))
                .environment("SMARTLEAD_API_BASE_URL", "http://127.0.0.1:9")
                .environment("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers())
                .systemProperty("camel.management.port", Integer.toString(FreePort.pick()));
        topics.asSettings().forEach((name2, value) -> app.systemProperty((String) name2, (String) value));
        return app;
    }

    private static void assertRefused(AppProcess.Ended ended, String line) {
        assertThat(ended.exited()).as("exited by itself within %s; output:%n%s", REFUSAL_BOUND, ended.output()).isTrue();
        assertThat(ended.status()).as("exit status; output:%n%s", ended.output()).isEqualTo(2);
        assertThat(ended.lines()).as("ERROR lines").filteredOn(output -> output.contains(" ERROR ")).singleElement()
                .asString().endsWith(line);
    }

    private static Map<String, Config> configs(Admin admin, List<String> topics) throws Exception {
        return admin.describeConfigs(topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList()).all().get().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
    }
}
