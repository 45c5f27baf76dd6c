package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.RecordContract;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What consumers read, checked as they would check it: per-category counts against the simulator's
 * ground truth and the reply's own metrics, every record against the JSON Schema and as a CloudEvent,
 * and the category-to-topic mapping changed through settings alone.
 */
class RecordContractIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FILTER = 424242;
    private static final int POPULATION = 3000;
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @AfterAll
    static void checkTheKeyNeverShowed() throws Exception {
        KeyLeakCheck.assertNotInTestLog(AppFixture.API_KEY);
    }

    @Test
    void should_route_every_category_with_counts_equal_to_ground_truth_and_to_the_reply_metrics() throws Exception {
        TestTopics topics = BUNDLE.topics("contract");
        SmartleadSimulator simulator = simulator();

        poll(settings(topics));

        List<GeneratedContact> selection = simulator.selection(FILTER, POPULATION);
        JsonNode metrics = simulator.metrics(selection);
        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        Map<String, Long> counts = counts(read, topics);

        assertThat(counts).containsOnlyKeys(TestTopics.CATEGORIES).isEqualTo(AppFixture.expectedCounts(selection));
        assertThat(counts.get("verified")).isEqualTo(metrics.get("verifiedEmails").asLong());
        assertThat(counts.get("catch_all")).isEqualTo(metrics.get("catchAllEmails").asLong());
        assertThat(counts.get("invalid")).isEqualTo(metrics.get("invalidEmails").asLong());
        assertThat(counts.get("no_email")).isEqualTo(metrics.get("noEmailFound").asLong());
        assertThat(counts.get("pending"))
                .isEqualTo(metrics.get("totalContacts").asLong() - metrics.get("completed").asLong());
        assertThat(read.get(topics.deadLetter())).isEmpty();

        Map<String, GeneratedContact> sent = selection.stream()
                .collect(Collectors.toMap(GeneratedContact::id, contact -> contact));
        try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer()) {
            for (String category : TestTopics.CATEGORIES) {
                for (ConsumerRecord<String, byte[]> record : read.get(topics.topic(category))) {
                    JsonNode value = JSON.readTree(record.value());
                    assertThat(RecordContract.violations(RecordContract.CONTACT, value)).as(record.key()).isEmpty();
                    assertThat(value.get("emailStatus").asText()).isEqualTo(category);
                    assertThat(TopicReader.header(record, "smartlead.email-status")).isEqualTo(category);
                    assertThat(TopicReader.header(record, "content-type")).isEqualTo("application/json");
                    // every field the API sent is there, unknown ones included, with the value sent
                    sent.get(record.key()).json().fields().forEachRemaining(field -> {
                        if (!field.getKey().equals("company") && !field.getKey().equals("fullName")) {
                            assertThat(value.get(field.getKey())).as(record.key() + " " + field.getKey())
                                    .isEqualTo(field.getValue());
                        }
                    });
                    CloudEvent event = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
                    assertThat(event.getType()).isEqualTo("io.smartleadkafkaroutes.contact");
                    assertThat(event.getSource()).isEqualTo(URI.create("/smartlead/filters/" + FILTER));
                    assertThat(event.getSubject()).isEqualTo(record.key());
                    assertThat(event.getDataContentType()).isEqualTo("application/json");
                    assertThat(event.getTime()).isNotNull();
                    assertThat(event.getData().toBytes()).isEqualTo(record.value());
                    // ce_id and the poll id are real UUIDs, in their canonical form
                    assertThat(UUID.fromString(event.getId()).toString()).isEqualTo(event.getId());
                    String pollId = value.at("/source/pollId").asText();
                    assertThat(UUID.fromString(pollId).toString()).isEqualTo(pollId);
                }
            }
        }
        long withUnknownField = read.values().stream().flatMap(List::stream)
                .filter(record -> readTree(record).has("crmHints")).count();
        assertThat(withUnknownField).isEqualTo(selection.stream().filter(c -> c.json().has("crmHints")).count())
                .isPositive();
    }

    @Test
    void should_send_a_category_to_another_topic_when_its_setting_names_one() throws Exception {
        TestTopics topics = BUNDLE.topics("repoint");
        String gold = "repoint.gold-leads";
        BUNDLE.broker().createTopics(List.of(gold));
        Properties settings = settings(topics);
        settings.put("smartlead.topics.verified", gold);
        SmartleadSimulator simulator = simulator();

        poll(settings);

        assertThat(BUNDLE.reader().read(gold)).hasSize((int) countOf(simulator, "verified"));
        assertThat(BUNDLE.reader().read(topics.topic("verified"))).isEmpty();
    }

    @Test
    void should_merge_categories_that_name_the_same_topic() throws Exception {
        TestTopics topics = BUNDLE.topics("merge");
        String review = "merge.needs-review";
        BUNDLE.broker().createTopics(List.of(review));
        Properties settings = settings(topics);
        settings.put("smartlead.topics.catch-all", review);
        settings.put("smartlead.topics.unknown", review);
        SmartleadSimulator simulator = simulator();

        poll(settings);

        List<ConsumerRecord<String, byte[]>> merged = BUNDLE.reader().read(review);
        assertThat(merged).hasSize((int) (countOf(simulator, "catch_all") + countOf(simulator, "unknown")));
        assertThat(merged.stream().map(record -> TopicReader.header(record, "smartlead.email-status")).distinct())
                .containsExactlyInAnyOrder("catch_all", "unknown");
    }

    @Test
    void should_route_a_raw_value_added_to_a_category_in_settings() throws Exception {
        TestTopics topics = BUNDLE.topics("raw-value");
        Properties settings = settings(topics);
        settings.put("smartlead.status.values.invalid", "invalid,spamtrap");
        SmartleadSimulator simulator = simulator();

        poll(settings);

        long spamtraps = simulator.selection(FILTER, POPULATION).stream()
                .filter(c -> "spamtrap".equals(c.json().path("verificationStatus").asText())).count();
        assertThat(spamtraps).isPositive();
        assertThat(BUNDLE.reader().read(topics.topic("invalid"))).hasSize((int) (countOf(simulator, "invalid") + spamtraps));
        assertThat(BUNDLE.reader().read(topics.topic("unknown"))).hasSize((int) (countOf(simulator, "unknown") - spamtraps));
    }

    @Test
    void should_dead_letter_each_entry_that_cannot_be_a_contact_and_publish_the_rest_of_the_page() throws Exception {
        TestTopics topics = BUNDLE.topics("broken-entries");
        String page = """
                {"success":true,"message":"Data retrieved successfully","data":{"list":[
                  {"id":"ok-1","email":"a@example.com","status":"completed"},
                  42,
                  {"email":"no-id@example.com"},
                  {"id":"bad-email","email":17},
                  {"id":"ok-2","email":null,"status":"completed"}
                ],"total_count":5}}""";
        BUNDLE.simulator().enqueueFaults(Fault.body(page));

        poll(settings(topics));

        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());

        assertThat(read.get(topics.topic("verified"))).extracting(ConsumerRecord::key).containsExactly("ok-1");
        assertThat(read.get(topics.topic("no_email"))).extracting(ConsumerRecord::key).containsExactly("ok-2");
        List<JsonNode> deadLetters = read.get(topics.deadLetter()).stream().map(RecordContractIT::readTree).toList();
        assertThat(deadLetters).allSatisfy(value -> {
            assertThat(RecordContract.violations(RecordContract.DEAD_LETTER, value)).isEmpty();
            assertThat(value.get("reason").asText()).isEqualTo("invalid-contact");
            assertThat(value.get("stage").asText()).isEqualTo("enrich");
        });
        assertThat(deadLetters).extracting(value -> value.get("message").asText()).containsExactlyInAnyOrder(
                "Contact cannot be published: the entry is a number, not a JSON object",
                "Contact cannot be published: 'id' must be a non-empty string, was missing",
                "Contact cannot be published: 'email' must be a string or null, was a number");
        assertThat(deadLetters).extracting(value -> value.get("contact").toString()).containsExactlyInAnyOrder(
                "42", "{\"email\":\"no-id@example.com\"}", "{\"id\":\"bad-email\",\"email\":17}");
        try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer()) {
            for (ConsumerRecord<String, byte[]> record : read.get(topics.deadLetter())) {
                CloudEvent event = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
                assertThat(event.getType()).isEqualTo("io.smartleadkafkaroutes.dead-letter");
            }
        }
    }

    /** The test's simulator with the filter's population. */
    private static SmartleadSimulator simulator() throws Exception {
        return BUNDLE.simulator().withFilter(FILTER, POPULATION);
    }

    private static Properties settings(TestTopics topics) throws Exception {
        return BUNDLE.settings(topics, Long.toString(FILTER), 10000, 1000);
    }

    private static void poll(Properties settings) {
        BUNDLE.runPolls(settings, 1);
    }

    private static long countOf(SmartleadSimulator simulator, String category) {
        return simulator.selection(FILTER, POPULATION).stream().filter(c -> c.kind().category().equals(category))
                .count();
    }

    private static Map<String, Long> counts(Map<String, List<ConsumerRecord<String, byte[]>>> read, TestTopics topics) {
        Map<String, Long> counts = new TreeMap<>();
        topics.categoryTopics().forEach((category, topic) -> counts.put(category, (long) read.get(topic).size()));
        return counts;
    }

    private static JsonNode readTree(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception unreadable) {
            throw new AssertionError("record " + record.key() + " is not JSON", unreadable);
        }
    }
}
