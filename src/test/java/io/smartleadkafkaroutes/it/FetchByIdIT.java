package io.smartleadkafkaroutes.it;

import static io.smartleadkafkaroutes.support.ConsumerGroups.committed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.ContactKind;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.RecordContract;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.Tables;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contacts asked for by id on the request topic: fetched in id mode and routed like polled ones. */
class FetchByIdIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FILTER = 327105;
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_publish_exactly_the_contacts_a_request_names_and_dead_letter_a_malformed_request() throws Exception {
        TestTopics topics = BUNDLE.topics("by-id");
        String requests = requestTopic(topics);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 500);
        List<GeneratedContact> population = simulator.population(FILTER).contacts();
        List<String> wanted = List.of(population.get(7).id(), population.get(123).id(), population.get(456).id());
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.poll.initial-delay", "1h");
        settings.put("smartlead.fetch-requests.batch-size", "2");
        try (RunningApp app = BUNDLE.start(settings)) {
            send(requests, "{\"filterId\":" + FILTER + ",\"ids\":" + JSON.writeValueAsString(wanted) + "}");
            send(requests, "{\"filterId\":\"x\",\"ids\":[]}");
            Eventually.until(() -> count(topics) == 4, Duration.ofSeconds(60), () -> count(topics) + " records");
        }
        List<ConsumerRecord<String, byte[]>> contacts = BUNDLE.reader().readAll(topics.categoryTopics().values()).values()
                .stream().flatMap(List::stream).toList();
        assertThat(contacts).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(wanted);
        for (ConsumerRecord<String, byte[]> record : contacts) {
            assertThat(RecordContract.violations(RecordContract.CONTACT, JSON.readTree(record.value()))).isEmpty();
        }
        JsonNode deadLetter = JSON.readTree(BUNDLE.reader().read(topics.deadLetter()).get(0).value());
        assertThat(deadLetter.get("reason").asText()).isEqualTo("invalid-request");
        assertThat(deadLetter.get("message").asText())
                .isEqualTo("Fetch request cannot be read: 'filterId' must be a positive whole number");
        assertThat(deadLetter.get("responseBody").asText()).isEqualTo("{\"filterId\":\"x\",\"ids\":[]}");
        // three ids in batches of two: two id-mode requests, no polling
        assertThat(simulator.requests()).hasSize(2).allSatisfy(request -> assertThat(request.body()).contains("\"id\":["));
    }

    @Test
    void should_serve_a_request_longer_than_the_poll_interval_once_and_dead_letter_the_ids_beyond_the_cap()
            throws Exception {
        TestTopics topics = BUNDLE.topics("long-request");
        String requests = requestTopic(topics);
        String group = "long-request-group";
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 500);
        List<String> asked = simulator.population(FILTER).contacts().stream().limit(25).map(GeneratedContact::id)
                .toList();
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.poll.initial-delay", "1h");
        settings.put("smartlead.fetch-requests.group-id", group);
        // one id per API request, two requests a second: 20 ids take about 10 s, over 3 times the
        // 3 s Kafka gives a consumer between polls
        settings.put("smartlead.fetch-requests.batch-size", "1");
        settings.put("smartlead.fetch-requests.max-ids", "20");
        settings.put("smartlead.api.max-requests-per-second", "2");
        settings.put("camel.component.kafka.max-poll-interval-ms", "3000");
        String member;
        try (RunningApp app = BUNDLE.start(settings); Admin admin = BUNDLE.broker().admin()) {
            send(requests, "{\"filterId\":" + FILTER + ",\"ids\":" + JSON.writeValueAsString(asked) + "}");
            Eventually.until(() -> !simulator.requests().isEmpty(), Duration.ofSeconds(30), () -> "no API request");
            member = member(admin, group);
            Eventually.until(() -> committed(admin, group, requests) == 1, Duration.ofSeconds(60),
                    () -> "the request's offset is not committed: " + committed(admin, group, requests));
            assertThat(member(admin, group)).as("the same member of the group throughout: no rebalance").isEqualTo(member);
        }
        assertThat(simulator.requests()).as("one API request per id, each id once").hasSize(20)
                .extracting(request -> JSON.readTree(request.body()).get("id").get(0).asText())
                .containsExactlyElementsOf(asked.subList(0, 20));
        assertThat(BUNDLE.reader().readAll(topics.categoryTopics().values()).values().stream().flatMap(List::stream)
                .map(ConsumerRecord::key).toList()).containsExactlyInAnyOrderElementsOf(asked.subList(0, 20));
        JsonNode deadLetter = JSON.readTree(BUNDLE.reader().read(topics.deadLetter()).get(0).value());
        assertThat(deadLetter.get("reason").asText()).isEqualTo("fetch-request-too-large");
        assertThat(deadLetter.get("message").asText()).isEqualTo("Fetch request of 25 ids: the 5 beyond"
                + " smartlead.fetch-requests.max-ids=20 are not fetched (this dead letter's request)");
        assertThat(deadLetter.get("request").get("id")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(asked.subList(20, 25));
        assertThat(RecordContract.violations(RecordContract.DEAD_LETTER, deadLetter)).isEmpty();
    }

    @Test
    void should_stop_promptly_in_the_middle_of_a_request_and_serve_it_again_after_the_restart() throws Exception {
        TestTopics topics = BUNDLE.topics("stopped-request");
        String requests = requestTopic(topics);
        String group = "stopped-request-group";
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 500);
        try (Admin admin = BUNDLE.broker().admin()) {
            List<String> asked = simulator.population(FILTER).contacts().stream().limit(20).map(GeneratedContact::id)
                    .toList();
            Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
            settings.put("smartlead.poll.initial-delay", "1h");
            settings.put("smartlead.fetch-requests.group-id", group);
            settings.put("smartlead.fetch-requests.batch-size", "1");
            settings.put("smartlead.api.max-requests-per-second", "2");
            long stopMillis;
            RunningApp first = BUNDLE.start(settings);
            try {
                send(requests, "{\"filterId\":" + FILTER + ",\"ids\":" + JSON.writeValueAsString(asked) + "}");
                Eventually.until(() -> simulator.requests().size() >= 3, Duration.ofSeconds(30), () -> "no API requests");
            } finally {
                long stopping = System.nanoTime();
                first.close();
                stopMillis = Duration.ofNanos(System.nanoTime() - stopping).toMillis();
            }
            int beforeStop = simulator.requests().size();
            assertThat(beforeStop).as("the stopped request asked for no further ids").isLessThan(10);
            assertThat(committed(admin, group, requests)).as("a request cut short is not committed").isZero();
            try (RunningApp second = BUNDLE.start(settings)) {
                Eventually.until(() -> committed(admin, group, requests) == 1, Duration.ofSeconds(60),
                        () -> "the request's offset is not committed after the restart");
            }
            assertThat(simulator.requests()).as("the whole request served again after the restart")
                    .hasSize(beforeStop + asked.size());
            assertThat(BUNDLE.reader().readAll(topics.categoryTopics().values()).values().stream().flatMap(List::stream)
                    .map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(Set.copyOf(asked));
            System.out.println("Stopped mid-request after " + beforeStop + " of " + asked.size() + " API requests in "
                    + stopMillis + " ms; served again whole after the restart");
            assertThat(stopMillis).as("stopped well within camel.main.shutdown-timeout").isLessThan(10_000);
        }
    }

    @Test
    void should_ask_again_for_a_pending_contact_until_it_reaches_its_final_topic() throws Exception {
        TestTopics topics = BUNDLE.topics("recheck");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 300);
        List<String> pending = simulator.selection(FILTER, 300).stream()
                .filter(c -> c.kind() == ContactKind.PENDING).limit(3).map(GeneratedContact::id).toList();
        assertThat(pending).hasSize(3);
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.pending.recheck.enabled", "true");
        settings.put("smartlead.pending.recheck.delay", "1000");
        settings.put("smartlead.pending.recheck.interval", "100");
        settings.put("smartlead.pending.recheck.max-checks", "5");
        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(30));
            simulator.finishLookup(FILTER, pending, ContactKind.COMPLETED_NO_VERDICT);
            Eventually.until(() -> keys(topics.topic("verified")).containsAll(pending), Duration.ofSeconds(30),
                    () -> "the finished contacts did not reach the verified topic");
        }
        assertThat(keys(topics.topic("pending"))).containsAll(pending);
        List<JsonNode> rechecked = BUNDLE.reader().read(topics.topic("verified")).stream()
                .filter(record -> pending.contains(record.key())).map(FetchByIdIT::json).toList();
        assertThat(rechecked).hasSize(3).allSatisfy(value ->
                assertThat(value.get("source").get("pollId").asText()).startsWith("recheck-"));
        assertThat(simulator.requests()).anySatisfy(request -> assertThat(request.body()).contains("\"id\":["));
    }

    /**
     * A category topic deleted and created again is refilled by a resync request, whatever the memory says; the
     * other topics get their contacts again too, nothing is tombstoned, and a resync of a filter that is not
     * configured is a dead letter saying which are.
     */
    @Test
    void should_refill_a_deleted_and_recreated_category_topic_on_a_resync_request() throws Exception {
        TestTopics topics = BUNDLE.topics("resync");
        String requests = requestTopic(topics);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 400);
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        Set<String> verified = simulator.selection(FILTER, 1000).stream()
                .filter(contact -> contact.kind().category().equals("verified")).map(GeneratedContact::id)
                .collect(Collectors.toSet());
        try (RunningApp app = BUNDLE.start(settings); Admin admin = BUNDLE.broker().admin()) {
            app.polls().await(1, Duration.ofSeconds(60));
            admin.deleteTopics(List.of(topics.topic("verified"))).all().get();
            Eventually.until(() -> recreated(topics.topic("verified")), Duration.ofSeconds(30),
                    () -> topics.topic("verified") + " could not be created again");

            send(requests, "{\"resync\":true,\"filterId\":" + FILTER + "}");
            send(requests, "{\"resync\":true,\"filterId\":999}");
            Eventually.until(() -> tableOf(topics.topic("verified")).equals(verified), Duration.ofSeconds(60),
                    () -> tableOf(topics.topic("verified")).size() + " of " + verified.size() + " verified contacts");
            Eventually.until(() -> keys(topics.deadLetter()).size() == 1, Duration.ofSeconds(30), () -> "no dead letter");
        }
        assertThat(Tables.tombstones(BUNDLE.reader(), topics.categoryTopics().values())).isEmpty();
        assertThat(keys(topics.topic("invalid"))).as("published by the poll, then by the resync")
                .hasSize(2 * (int) simulator.selection(FILTER, 1000).stream()
                        .filter(contact -> contact.kind().category().equals("invalid")).count());
        JsonNode deadLetter = json(BUNDLE.reader().read(topics.deadLetter()).get(0));
        assertThat(deadLetter.get("message").asText()).isEqualTo("Fetch request cannot be read: 'filterId' of a resync"
                + " must be one of smartlead.poll.filter-ids [" + FILTER + "], or left out for all of them");
    }

    private static boolean recreated(String topic) {
        try {
            BUNDLE.broker().createTopics(List.of(topic), Map.of("cleanup.policy", "compact"));
            return true;
        } catch (Exception stillBeingDeleted) {
            return false;
        }
    }

    private static Set<String> tableOf(String topic) {
        return Tables.fold(BUNDLE.reader(), List.of(topic)).get(topic);
    }

    /** The consumer id of the group's one member. */
    private static String member(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(MemberDescription::consumerId).reduce((one, other) -> one + "," + other).orElse("none");
        } catch (Exception unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    private static List<String> keys(String topic) {
        try {
            return BUNDLE.reader().read(topic).stream().map(ConsumerRecord::key).toList();
        } catch (Exception notYet) {
            return List.of();
        }
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    private static long count(TestTopics topics) {
        try {
            return BUNDLE.reader().readAll(topics.all()).values().stream().mapToLong(List::size).sum();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static void send(String topic, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value));
        }
    }

    /** The request topic of the test's topics, created like the others. */
    private static String requestTopic(TestTopics topics) throws Exception {
        BUNDLE.broker().createTopics(List.of(topics.fetchRequests()));
        return topics.fetchRequests();
    }
}
