package io.smartleadkafkaroutes.it;

import static io.smartleadkafkaroutes.support.ConsumerGroups.committed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.RecordedRequest;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FetchRequestBacklog;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backlog of small fetch-by-id requests drains at the pace of the shipped rate limit (10/s, 60/min): the
 * requests served together share id-mode calls of up to 1,000 ids, while the timer keeps polling a filter.
 */
class RequestBacklogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REQUESTED = 327105;
    private static final long POLLED = 327106;
    private static final int REQUESTS = 5_000;
    private static final int IDS_PER_REQUEST = 10;
    /** Ten polls a minute leave 50 of the 60 requests a minute to the backlog, however long it takes to drain. */
    private static final Duration POLL_PERIOD = Duration.ofSeconds(6);
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_drain_5000_requests_of_10_ids_within_2_minutes_in_combined_calls_while_the_timer_polls_on()
            throws Exception {
        TestTopics topics = BUNDLE.topics("backlog");
        String requests = topics.fetchRequests();
        BUNDLE.broker().createTopics(List.of(requests));
        String group = "backlog-group";
        Properties settings = BUNDLE.settings(topics, Long.toString(POLLED), 1000, 1000);
        settings.put("smartlead.poll.period", POLL_PERIOD.toSeconds() + "s");
        settings.put("smartlead.fetch-requests.group-id", group);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(REQUESTED, REQUESTS * IDS_PER_REQUEST)
                .withFilter(POLLED, 300);
        List<GeneratedContact> named = simulator.population(REQUESTED).contacts();
        // written before the application starts
        FetchRequestBacklog.write(BUNDLE.bootstrapServers(), requests, REQUESTED, named, REQUESTS, IDS_PER_REQUEST);

        Instant started = Instant.now();
        Duration drained;
        try (Admin admin = BUNDLE.broker().admin(); RunningApp app = BUNDLE.start(settings)) {
            Eventually.until(() -> committed(admin, group, requests) == REQUESTS, Duration.ofMinutes(2),
                    () -> committed(admin, group, requests) + " of " + REQUESTS + " requests served");
            drained = Duration.between(started, Instant.now());
        }

        Map<String, String> expectedTopic = named.stream().collect(Collectors.toMap(GeneratedContact::id,
                contact -> topics.topic(AppFixture.expectedCategory(contact))));
        Map<String, String> publishedTopic = new HashMap<>();
        for (List<ConsumerRecord<String, byte[]>> records : BUNDLE.reader().readAll(topics.categoryTopics().values())
                .values()) {
            records.stream().filter(record -> expectedTopic.containsKey(record.key()))
                    .forEach(record -> publishedTopic.put(record.key(), record.topic()));
        }
        assertThat(publishedTopic).as("every named contact on its category's topic").isEqualTo(expectedTopic);
        assertThat(BUNDLE.reader().read(topics.deadLetter())).isEmpty();

        List<List<String>> calls = simulator.requests().stream().map(RecordedRequest::body).map(RequestBacklogIT::json)
                .filter(body -> body.has("id")).map(RequestBacklogIT::ids).toList();
        int idsAsked = calls.stream().mapToInt(List::size).sum();
        System.out.println(REQUESTS + " requests of " + IDS_PER_REQUEST + " ids served in " + drained.toMillis()
                + " ms (app start included) by " + calls.size() + " id-mode API requests");
        assertThat(calls).as("id-mode calls of at most 1,000 ids").allSatisfy(ids -> assertThat(ids).hasSizeBetween(1, 1000));
        assertThat(idsAsked).as("each named id asked for once").isEqualTo(named.size());
        assertThat(calls.stream().flatMap(List::stream).distinct().count()).isEqualTo(named.size());
        // 50 calls of 1,000 ids would do; a poll that ends within a run of 1,000 ids adds one short call
        assertThat(calls).as("requests combined: 5,000 requests of 10 ids in about 50 calls").hasSizeLessThanOrEqualTo(55);

        // the timer's polls of the other filter went on at their period while the backlog drained
        List<Instant> polls = simulator.requests().stream().filter(request -> json(request.body()).has("limit"))
                .map(RecordedRequest::receivedAt).filter(at -> at.isBefore(started.plus(drained))).toList();
        assertThat(polls).as("polls during the %d s drain", drained.toSeconds())
                .hasSizeGreaterThanOrEqualTo((int) (drained.toSeconds() / POLL_PERIOD.toSeconds()));
        for (int poll = 1; poll < polls.size(); poll++) {
            assertThat(Duration.between(polls.get(poll - 1), polls.get(poll))).as("time between polls")
                    .isLessThan(POLL_PERIOD.plusSeconds(3));
        }
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("id").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception unreadable) {
            throw new AssertionError(unreadable);
        }
    }
}
