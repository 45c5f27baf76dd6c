package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each contact's outcome told apart and nothing lost, on the whole application with a real broker: a record
 * the producer or the broker refuses (its page is committed without it), a dead letter too large, one that
 * cannot be written at all, ids repeated on a page, a page shorter than total_count promises, and pages that
 * cannot be committed while the broker is away.
 */
class PublishOutcomesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FILTER = 6061;
    /** Twice Kafka's default record size limit (1 MiB): no broker or producer of default settings takes it. */
    private static final String TWO_MEGABYTES = "x".repeat(2 * 1024 * 1024);
    /** A broker that creates no topic on first write, as many are run: a missing topic stays missing. */
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest(Map.of("auto.create.topics.enable", "false"));

    @Test
    void should_dead_letter_the_one_contact_kafka_refuses_and_commit_the_rest_of_its_page_once() throws Exception {
        TestTopics topics = BUNDLE.topics("refused");
        Properties onePage = settings(topics);
        onePage.put("smartlead.poll.page-size", "1000");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 1000);
        GeneratedContact oversized = simulator.population(FILTER).contacts().get(500);
        oversized.json().put("notes", TWO_MEGABYTES);

        Map<String, Double> metrics = pollOnce(onePage);

        List<ConsumerRecord<String, byte[]>> deadLetters = BUNDLE.reader().read(topics.deadLetter());
        assertThat(contactKeys(topics)).as("read_committed").hasSize(999)
                .doesNotContain(oversized.id()).doesNotHaveDuplicates();
        assertThat(deadLetters).singleElement().satisfies(record -> {
            JsonNode value = json(record.value());
            assertThat(value.get("reason").asText()).isEqualTo("record-refused");
            assertThat(value.get("stage").asText()).isEqualTo("publish");
            assertThat(value.get("exceptionClass").asText()).isEqualTo(RecordTooLargeException.class.getName());
            assertThat(value.get("contactTruncated").asBoolean()).as("2 MB of entry cut to fit").isTrue();
            assertThat(value.get("contact").asText()).contains(oversized.id());
        });
        assertThat(metrics).containsEntry(deadLetters("record-refused"), 1.0)
                .containsEntry(notPublished("send-failed"), 0.0)
                .containsEntry(polls(FILTER, "completed"), 1.0);
    }

    @Test
    void should_dead_letter_the_one_contact_a_topic_refuses_for_its_size_and_commit_the_rest_once() throws Exception {
        TestTopics topics = new TestTopics("topic-refused");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 150);
        GeneratedContact large = simulator.population(FILTER).contacts().get(60);
        // the producer takes it (below max.request.size); the broker does not (above its topic's max.message.bytes)
        large.json().put("notes", "x".repeat(50_000));
        String refusingTopic = topics.topic(AppFixture.expectedCategory(large));
        BUNDLE.broker().createTopics(topics.all().stream().filter(topic -> !topic.equals(refusingTopic)).toList());
        BUNDLE.broker().createTopics(List.of(refusingTopic), Map.of("max.message.bytes", "20000"));

        Map<String, Double> metrics = pollOnce(settings(topics));

        assertThat(contactKeys(topics)).as("read_committed").hasSize(149)
                .doesNotContain(large.id()).doesNotHaveDuplicates();
        assertThat(BUNDLE.reader().read(topics.deadLetter())).singleElement().satisfies(record -> {
            assertThat(json(record.value()).get("reason").asText()).isEqualTo("record-refused");
            assertThat(json(record.value()).get("contact").get("id").asText()).isEqualTo(large.id());
        });
        assertThat(metrics).containsEntry(polls(FILTER, "completed"), 1.0);
    }

    @Test
    void should_cut_the_entry_a_dead_letter_embeds_so_that_kafka_takes_it() throws Exception {
        TestTopics topics = BUNDLE.topics("large-dead-letter");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 21);
        ObjectNode invalid = simulator.population(FILTER).contacts().get(3).json();
        invalid.remove("id");
        invalid.put("notes", TWO_MEGABYTES);

        Map<String, Double> metrics = pollOnce(settings(topics));

        assertThat(BUNDLE.reader().read(topics.deadLetter())).singleElement().satisfies(record -> {
            JsonNode value = json(record.value());
            assertThat(value.get("reason").asText()).isEqualTo("invalid-contact");
            assertThat(value.get("contactTruncated").asBoolean()).isTrue();
            assertThat(record.value().length).isLessThan(200_000);
        });
        assertThat(contactKeys(topics)).hasSize(20);
        assertThat(metrics).containsEntry(deadLetters("invalid-contact"), 1.0)
                .containsEntry(polls(FILTER, "completed"), 1.0);
    }

    @Test
    void should_fail_the_poll_visibly_when_a_dead_letter_cannot_be_written() throws Exception {
        TestTopics topics = new TestTopics("lost-dead-letter");
        BUNDLE.broker().createTopics(topics.categoryTopics().values());
        // a dead-letter topic that takes no record of a dead letter's size
        BUNDLE.broker().createTopics(List.of(topics.deadLetter()), Map.of("max.message.bytes", "200"));
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 21);
        simulator.population(FILTER).contacts().get(3).json().remove("id");

        Map<String, Double> metrics = pollOnce(settings(topics));

        assertThat(BUNDLE.reader().read(topics.deadLetter())).isEmpty();
        assertThat(metrics).containsEntry("smartlead_dead_letters_lost_total", 1.0)
                .containsEntry(polls(FILTER, "failed"), 1.0)
                .containsEntry(polls(FILTER, "completed"), 0.0);
    }

    @Test
    void should_publish_an_id_repeated_on_a_page_once_and_count_the_repeats() throws Exception {
        TestTopics topics = BUNDLE.topics("duplicates");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 150);
        simulator.withReplyEdit(reply -> {
            ArrayNode list = (ArrayNode) reply.path("data").path("list");
            for (int repeated = 0; repeated < 3 && list.size() > 0; repeated++) {
                list.add(list.get(repeated).deepCopy());
            }
            return reply;
        });

        Map<String, Double> metrics = pollOnce(settings(topics));

        assertThat(contactKeys(topics)).hasSize(150).doesNotHaveDuplicates();
        assertThat(metrics).containsEntry(notPublished("duplicate"), 9.0);
    }

    @Test
    void should_count_the_contacts_a_short_page_lacks() throws Exception {
        TestTopics topics = BUNDLE.topics("short-page");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 150);
        simulator.withReplyEdit(reply -> {
            ArrayNode list = (ArrayNode) reply.path("data").path("list");
            if (reply.path("data").path("visual_offset").asInt() == 50) {
                while (list.size() > 25) {
                    list.remove(list.size() - 1);
                }
            }
            return reply;
        });

        Map<String, Double> metrics = pollOnce(settings(topics));

        assertThat(contactKeys(topics)).hasSize(125);
        assertThat(metrics).containsEntry(notPublished("missing"), 25.0);
    }

    @Test
    void should_count_the_contacts_of_pages_kafka_could_not_take_as_failed_never_as_unchanged() throws Exception {
        TestTopics topics = new TestTopics("not-taken");
        String missing = topics.topic("verified");
        // no broker takes the verified contacts: their topic does not exist and may not be created, so no page
        // that holds one can commit
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 150);
        BUNDLE.broker().createTopics(topics.all().stream().filter(topic -> !topic.equals(missing)).toList());
        Properties settings = settings(topics);
        settings.put("camel.component.kafka.max-block-ms", "2000");
        // topics managed elsewhere: the bundle does not create the missing one either
        settings.put("smartlead.topics.create", "false");

        Map<String, Double> metrics;
        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(60));
            metrics = new ManagementApi(app.managementUrl()).metrics();
        }

        double published = metrics.entrySet().stream()
                .filter(sample -> sample.getKey().startsWith("smartlead_contacts_published_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
        // the page not committed ends the walk; a page fetched meanwhile is not published either
        assertThat(published).isZero();
        assertThat(metrics.get(notPublished("send-failed"))).isEqualTo(50.0 * simulator.requests().size());
        assertThat(metrics).containsEntry(notPublished("unchanged"), 0.0)
                .containsEntry(polls(FILTER, "failed"), 1.0);
        assertThat(contactKeys(topics)).as("read_committed").isEmpty();
    }

    /** Runs the application for one poll; its metrics at the end of it. */
    private static Map<String, Double> pollOnce(Properties settings) {
        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(60));
            return new ManagementApi(app.managementUrl()).metrics();
        }
    }

    private static Properties settings(TestTopics topics) throws Exception {
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 50);
        settings.put("smartlead.dedup.store", "memory");
        return settings;
    }

    private static List<String> contactKeys(TestTopics topics) throws Exception {
        return BUNDLE.reader().keys(topics.categoryTopics().values());
    }

    private static String polls(long filter, String outcome) {
        return "smartlead_polls_total{filter=\"" + filter + "\",outcome=\"" + outcome + "\"}";
    }

    private static String deadLetters(String reason) {
        return "smartlead_dead_letters_total{reason=\"" + reason + "\"}";
    }

    private static String notPublished(String outcome) {
        return "smartlead_contacts_not_published_total{outcome=\"" + outcome + "\"}";
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (Exception unreadable) {
            throw new AssertionError(unreadable);
        }
    }
}
