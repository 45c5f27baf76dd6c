package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.simulator.ContactKind;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each contact once: what was published is remembered in a compacted topic, across polls and restarts. */
class DedupIT {

    private static final long FILTER = 8080;
    private static final int POPULATION = 2000;
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_publish_nothing_on_a_second_poll_of_the_same_population() throws Exception {
        TestTopics topics = BUNDLE.topics("same-twice");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, POPULATION);

        BUNDLE.runPolls(settings(topics), 2);

        assertThat(copiesById(topics)).hasSize(POPULATION).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
        assertThat(simulator.requests()).hasSizeGreaterThanOrEqualTo(2 * POPULATION / 500);
    }

    @Test
    void should_publish_again_exactly_the_contacts_whose_status_changed_to_their_new_topic() throws Exception {
        TestTopics topics = BUNDLE.topics("changed");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, POPULATION);
        List<String> changed = simulator.selection(FILTER, POPULATION).stream()
                .filter(c -> c.kind() != ContactKind.INVALID && c.kind() != ContactKind.NO_EMAIL)
                .limit(10).map(GeneratedContact::id).toList();

        try (RunningApp app = BUNDLE.start(settings(topics))) {
            app.polls().await(1, Duration.ofSeconds(60));
            simulator.finishLookup(FILTER, changed, ContactKind.INVALID);
            app.polls().await(3, Duration.ofSeconds(60));
        }

        Map<String, Long> copies = copiesById(topics);
        assertThat(copies).hasSize(POPULATION);
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(changed);
        assertThat(copies.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(POPULATION + 10);
        assertThat(tombstones(topics)).as("one on the old topic of each contact that moved")
                .containsExactlyInAnyOrderElementsOf(changed);
        Set<String> republishedAsInvalid = BUNDLE.reader().read(topics.topic("invalid")).stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertThat(republishedAsInvalid).containsAll(changed);
    }

    @Test
    void should_publish_nothing_after_a_restart_between_polls() throws Exception {
        TestTopics topics = BUNDLE.topics("restart");
        BUNDLE.simulator().withFilter(FILTER, POPULATION);

        BUNDLE.runPolls(settings(topics), 1);
        BUNDLE.runPolls(settings(topics), 1);

        assertThat(copiesById(topics)).hasSize(POPULATION).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
    }

    @Test
    void should_load_100000_remembered_contacts_before_the_first_poll_and_publish_nothing_again() throws Exception {
        TestTopics topics = BUNDLE.topics("hundred-thousand");
        BUNDLE.simulator().withFilter(FILTER, POPULATION);
        BUNDLE.runPolls(settings(topics), 1);
        rememberOthers(topics.published(), 100_000 - POPULATION);

        try (RunningApp app = BUNDLE.start(settings(topics))) {
            app.polls().await(1, Duration.ofSeconds(60));
            PublishedContacts published = app.context().getRegistry()
                    .lookupByNameAndType("publishedContacts", PublishedContacts.class);
            assertThat(published.size()).as("remembered").isGreaterThanOrEqualTo(100_000);
        }

        // the memory is read in the background; had a poll run before it was read, these would be twice
        assertThat(copiesById(topics)).hasSize(POPULATION).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
    }

    /**
     * A memory topic written by the release before topics were remembered (value: the fingerprint alone) is read
     * by this one without publishing any contact again; the poll rewrites each entry with its topic and filter.
     */
    @Test
    void should_upgrade_a_memory_topic_of_fingerprints_alone_without_publishing_again() throws Exception {
        TestTopics topics = BUNDLE.topics("upgrade");
        BUNDLE.simulator().withFilter(FILTER, POPULATION);
        BUNDLE.runPolls(settings(topics), 1);
        Map<String, String> current = latestValues(topics.published());
        rememberAsTheEarlierRelease(topics.published(), current);
        assertThat(latestValues(topics.published()).values()).as("as the earlier release left it").isNotEmpty()
                .allSatisfy(value -> assertThat(value).matches("[0-9a-f]{32}"));

        BUNDLE.runPolls(settings(topics), 1);

        assertThat(copiesById(topics)).hasSize(POPULATION).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
        assertThat(tombstones(topics)).isEmpty();
        assertThat(latestValues(topics.published())).as("rewritten with topic and filter").isEqualTo(current);
    }

    /** The memory topic's latest value per contact. */
    private static Map<String, String> latestValues(String topic) throws Exception {
        Map<String, String> latest = new java.util.HashMap<>();
        BUNDLE.reader().read(topic).forEach(record -> latest.put(record.key(),
                new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)));
        return latest;
    }

    /**
     * Each contact's fingerprint alone, as the earlier release wrote it: 32 hex digits, the first 16 of which are
     * the fingerprint this release writes ("2 <fingerprint> <topic> <filters>" now).
     */
    private static void rememberAsTheEarlierRelease(String topic, Map<String, String> current) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            current.forEach((id, value) -> producer.send(new ProducerRecord<>(topic, id, value.split(" ")[1] + "0123456789abcdef")));
            producer.flush();
        }
    }

    /** Contacts of another filter that earlier polls published. */
    private static void rememberOthers(String topic, int count) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "other-" + i,
                        "2 " + UUID.randomUUID().toString().replace("-", "") + " smartlead.contacts.verified 9999"));
            }
            producer.flush();
        }
    }

    private static Properties settings(TestTopics topics) throws Exception {
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 10000, 500);
        settings.put("smartlead.poll.period", "300");
        settings.put("smartlead.api.max-requests-per-second", "1000");
        settings.put("smartlead.api.max-requests-per-minute", "60000");
        return settings;
    }

    /** Contact records (tombstones aside) per contact id, on every category topic. */
    private static Map<String, Long> copiesById(TestTopics topics) throws Exception {
        return BUNDLE.reader().readAll(topics.categoryTopics().values()).values().stream().flatMap(List::stream)
                .filter(record -> record.value() != null)
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private static List<String> tombstones(TestTopics topics) throws Exception {
        return BUNDLE.reader().readAll(topics.categoryTopics().values()).values().stream().flatMap(List::stream)
                .filter(record -> record.value() == null).map(ConsumerRecord::key).toList();
    }

}
