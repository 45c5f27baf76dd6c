package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.RecordedRequest;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole application against the simulator and a real broker: contacts flow, once each, to the right topics. */
class FoundationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @AfterAll
    static void checkTheKeyNeverShowed() throws Exception {
        KeyLeakCheck.assertNotInRecords(BUNDLE.reader().readAll(new TestTopics("two-filters").all()), AppFixture.API_KEY);
        KeyLeakCheck.assertNotInRecords(BUNDLE.reader().readAll(new TestTopics("success-false").all()), AppFixture.API_KEY);
        KeyLeakCheck.assertNotInTestLog(AppFixture.API_KEY);
    }

    @Test
    void should_publish_every_contact_of_two_filters_once_to_its_category_topic() throws Exception {
        TestTopics topics = BUNDLE.topics("two-filters");
        Properties settings = BUNDLE.settings(topics, "327105,4242", 10000, 500);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(327105, 2345).withFilter(4242, 700);

        BUNDLE.runPolls(settings, 1);

        List<GeneratedContact> selection = new ArrayList<>(simulator.selection(327105, 10000));
        selection.addAll(simulator.selection(4242, 10000));
        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        assertThat(countsByCategory(read, topics)).isEqualTo(AppFixture.expectedCounts(selection));
        assertThat(read.get(topics.deadLetter())).isEmpty();

        Map<String, String> expectedTopicById = new HashMap<>();
        selection.forEach(c -> expectedTopicById.put(c.id(), topics.topic(AppFixture.expectedCategory(c))));
        List<ConsumerRecord<String, byte[]>> contactRecords = read.values().stream().flatMap(List::stream).toList();
        Map<String, Long> recordsPerKey = contactRecords.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(recordsPerKey).hasSize(2345 + 700).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        for (ConsumerRecord<String, byte[]> record : contactRecords) {
            JsonNode value = JSON.readTree(record.value());
            assertThat(record.topic()).isEqualTo(expectedTopicById.get(record.key()));
            assertThat(value.get("id").asText()).isEqualTo(record.key());
            assertThat(TopicReader.header(record, "smartlead.email-status")).isEqualTo(value.get("emailStatus").asText());
            assertThat(TopicReader.header(record, "smartlead.filter-id"))
                    .isEqualTo(value.get("source").get("filterId").asText())
                    .isIn("327105", "4242");
        }

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.keyValid()).isTrue();
            assertThat(request.status()).isEqualTo(200);
        });
        // 2345 contacts: offsets 0..2000 (5 pages); 700 contacts: offsets 0 and 500
        assertThat(requests.stream().map(r -> offsetOf(r.body())).sorted().toList())
                .containsExactly(0, 0, 500, 500, 1000, 1500, 2000);
    }

    @Test
    void should_publish_one_dead_letter_and_no_contacts_when_the_api_answers_success_false() throws Exception {
        TestTopics topics = BUNDLE.topics("success-false");
        Properties settings = BUNDLE.settings(topics, "555", 1000, 500);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(555, 800).withAccountMaxLimit(100);

        BUNDLE.runPolls(settings, 1);

        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        assertThat(read.get(topics.deadLetter())).hasSize(1);
        assertThat(countsByCategory(read, topics)).isEmpty();
        ConsumerRecord<String, byte[]> deadLetter = read.get(topics.deadLetter()).get(0);
        JsonNode value = JSON.readTree(deadLetter.value());
        assertThat(value.get("reason").asText()).isEqualTo("api-rejected");
        assertThat(value.get("message").asText()).contains("Limit exceeds the maximum of 100");
        assertThat(value.get("filterId").asLong()).isEqualTo(555);
        assertThat(value.get("request")).isEqualTo(JSON.readTree(
                "{\"filter_id\":555,\"limit\":1000,\"visual_limit\":500,\"visual_offset\":0}"));
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.reason")).isEqualTo("api-rejected");
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).doesNotContain(AppFixture.API_KEY);
        assertThat(simulator.requests()).hasSize(1);
    }

    @Test
    void should_deliver_the_pages_read_before_credits_ran_out_and_dead_letter_the_rest() throws Exception {
        TestTopics topics = BUNDLE.topics("credits");
        Properties settings = BUNDLE.settings(topics, "777", 10000, 500);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(777, 2345).withCredits(1200);

        BUNDLE.runPolls(settings, 1);

        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        assertThat(countsByCategory(read, topics)).isEqualTo(AppFixture.expectedCounts(simulator.selection(777, 1000)));
        assertThat(read.get(topics.deadLetter())).singleElement().satisfies(record -> {
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.get("message").asText()).contains("Not enough credits left");
            assertThat(value.get("request").get("visual_offset").asInt()).isEqualTo(1000);
        });
    }

    @Test
    void should_start_a_poll_only_after_the_previous_one_finished_however_short_the_period() throws Exception {
        TestTopics topics = BUNDLE.topics("no-overlap");
        Properties settings = BUNDLE.settings(topics, "9", 10000, 500);
        settings.put("smartlead.poll.period", "10");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(9, 1200).withLatency(Duration.ofMillis(150));

        BUNDLE.runPolls(settings, 3);

        List<Integer> offsets = simulator.requests().stream().map(r -> offsetOf(r.body())).toList();
        assertThat(offsets).hasSizeGreaterThanOrEqualTo(9);
        // each poll reads its three pages in order before the next poll asks for offset 0 again
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).as("request %d of %s", i, offsets).isEqualTo((i % 3) * 500);
        }
    }

    @Test
    void should_fetch_the_next_pages_while_publishing_the_pages_in_hand() throws Exception {
        TestTopics topics = BUNDLE.topics("overlap");
        Properties settings = BUNDLE.settings(topics, "64", 10000, 500);
        settings.put("smartlead.poll.fetch-concurrency", "2");
        Duration latency = Duration.ofMillis(500);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(64, 2345).withLatency(latency);

        BUNDLE.runPolls(settings, 1);

        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        assertThat(countsByCategory(read, topics)).isEqualTo(AppFixture.expectedCounts(simulator.selection(64, 10000)));
        assertThat(read.values().stream().flatMap(List::stream).map(ConsumerRecord::key).distinct().count())
                .isEqualTo(2345);

        // rounds: the first page alone, then two pages at a time: each asked for while the other's reply was
        // still outstanding (the simulator answers each after the latency)
        Map<Integer, Long> requestedAt = new TreeMap<>();
        simulator.requests().forEach(r -> requestedAt.put(offsetOf(r.body()), r.receivedAt().toEpochMilli()));
        assertThat(requestedAt.keySet()).containsExactly(0, 500, 1000, 1500, 2000);
        assertThat(Math.abs(requestedAt.get(500) - requestedAt.get(1000))).isLessThan(latency.toMillis());
        assertThat(Math.abs(requestedAt.get(1500) - requestedAt.get(2000))).isLessThan(latency.toMillis());

        // the next round was asked for before the last record of the pages in hand was sent
        Map<Integer, Long> lastSentByPage = new TreeMap<>();
        read.values().stream().flatMap(List::stream).forEach(record -> lastSentByPage.merge(
                pageOffsetOf(record), record.timestamp(), Math::max));
        assertThat(requestedAt.get(500)).isLessThan(lastSentByPage.get(0));
        assertThat(requestedAt.get(1500)).isLessThan(lastSentByPage.get(1000));
    }

    @Test
    void should_publish_to_topics_the_broker_creates_on_first_write() throws Exception {
        TestTopics topics = new TestTopics("auto-created");
        Properties settings = BUNDLE.settings(topics, "31", 10000, 1000);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(31, 3000);

        BUNDLE.runPolls(settings, 1);

        Map<String, List<ConsumerRecord<String, byte[]>>> read = BUNDLE.reader().readAll(topics.all());
        assertThat(countsByCategory(read, topics)).isEqualTo(AppFixture.expectedCounts(simulator.selection(31, 10000)));
    }

    private static int pageOffsetOf(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value()).get("source").get("pageOffset").asInt();
        } catch (Exception unreadable) {
            throw new AssertionError("unreadable record " + record.key(), unreadable);
        }
    }

    private static Map<String, Long> countsByCategory(Map<String, List<ConsumerRecord<String, byte[]>>> read,
            TestTopics topics) {
        Map<String, Long> counts = new TreeMap<>();
        topics.categoryTopics().forEach((category, topic) -> {
            if (!read.get(topic).isEmpty()) {
                counts.put(category, (long) read.get(topic).size());
            }
        });
        return counts;
    }

    private static int offsetOf(String requestBody) {
        try {
            return JSON.readTree(requestBody).get("visual_offset").asInt();
        } catch (Exception unreadable) {
            throw new AssertionError("unreadable request body " + requestBody, unreadable);
        }
    }
}
