package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.KeyForms;
import io.smartleadkafkaroutes.simulator.RecordedRequest;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Deliveries;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failure policy, proven on the whole application: simulator faults over HTTP, a real broker
 * that goes away, an application stopped mid-poll. Everything runs with DEBUG logging for Camel and
 * the HTTP client, and the API key must show up nowhere.
 */
class FaultInjectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FILTER = 5150;
    private static final int POPULATION = 250;
    private static final int PAGE = 50;
    private static final List<String> DEBUG_LOGGERS = List.of("org.apache.camel", "org.apache.hc.client5.http");
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();
    private static final List<TestTopics> USED = new ArrayList<>();

    @BeforeAll
    static void logEverything() {
        DEBUG_LOGGERS.forEach(logger -> Configurator.setLevel(logger, Level.DEBUG));
    }

    @AfterAll
    static void proveTheKeyNeverShowed() throws Exception {
        DEBUG_LOGGERS.forEach(logger -> Configurator.setLevel(logger, Level.INFO));
        for (TestTopics topics : USED) {
            KeyLeakCheck.assertNotInRecords(BUNDLE.reader().readAll(topics.all()), AppFixture.API_KEY);
        }
        KeyLeakCheck.assertNotInTestLog(AppFixture.API_KEY);
        assertThat(Files.readString(KeyLeakCheck.TEST_LOG)).as("DEBUG lines of the HTTP client were logged")
                .contains("api_key=***");
    }

    @Test
    void should_ride_out_a_storm_of_500s_with_growing_gaps_and_deliver_everything() throws Exception {
        TestTopics topics = topics("storm");
        SmartleadSimulator simulator = simulator().enqueueFaults(Fault.status(500, "{\"message\":\"boom\"}"),
                Fault.status(502, ""), Fault.status(503, ""));

        poll(settings(topics), 1);

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).extracting(RecordedRequest::status).startsWith(500, 502, 503, 200);
        assertThat(offsets(requests).subList(0, 4)).containsOnly(0);
        long gap1 = gapMillis(requests, 0);
        long gap2 = gapMillis(requests, 1);
        long gap3 = gapMillis(requests, 2);
        assertThat(gap2).isGreaterThan(gap1);
        assertThat(gap3).isGreaterThan(gap2);
        assertThat(requests).hasSize(4 + POPULATION / PAGE - 1);
        assertEveryContactDelivered(simulator, topics);
        assertThat(BUNDLE.reader().read(topics.deadLetter())).isEmpty();
    }

    @Test
    void should_dead_letter_a_page_after_the_configured_attempts_and_poll_normally_next_time() throws Exception {
        TestTopics topics = topics("exhausted");
        SmartleadSimulator simulator = simulator().enqueueFaults(Fault.status(503, ""), Fault.status(503, ""),
                Fault.status(503, ""), Fault.status(503, "{\"message\":\"still down\"}"));

        poll(settings(topics), 2);

        ConsumerRecord<String, byte[]> deadLetter = single(BUNDLE.reader().read(topics.deadLetter()));
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.attempts")).isEqualTo("4");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.http.status")).isEqualTo("503");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.reason")).isEqualTo("http-error");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.stage")).isEqualTo("fetch");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.exception.message"))
                .isEqualTo("Gave up on the page after 4 attempts; the last one: HTTP 503");
        assertThat(JSON.readTree(deadLetter.value()).get("responseBody").asText()).contains("still down");
        assertEveryContactDelivered(simulator, topics);
    }

    @Test
    void should_end_a_trickling_reply_at_the_request_deadline_retry_it_as_a_timeout_and_poll_the_next_filter()
            throws Exception {
        TestTopics topics = topics("trickle");
        long next = FILTER + 1;
        Properties settings = settings(topics);
        settings.put("smartlead.poll.filter-ids", FILTER + "," + next);
        settings.put("smartlead.api.response-timeout", "1000");
        settings.put("smartlead.api.request-deadline", "1500");
        // 10 bytes every 200 ms: every gap well under the 1 s response timeout, 57 s for the whole body
        SmartleadSimulator simulator = simulator().withFilter(next, POPULATION)
                .withFaultRule(request -> request.path("filter_id").asLong() == FILTER
                        ? Optional.of(Fault.body("{\"success\":true} ".repeat(167)).trickled(10, Duration.ofMillis(200)))
                        : Optional.empty());

        poll(settings, 1);

        List<RecordedRequest> trickled = simulator.requests().stream()
                .filter(request -> json(request.body()).get("filter_id").asLong() == FILTER).toList();
        assertThat(trickled).hasSize(4);
        System.out.println("Trickling reply, deadline 1500 ms: attempts " + List.of(gapMillis(trickled, 0),
                gapMillis(trickled, 1), gapMillis(trickled, 2)) + " ms apart (deadline plus backoff)");
        for (int attempt = 0; attempt < 3; attempt++) {
            // the deadline, then the backoff before the next attempt (100 ms doubling, +-20 %); the upper bound is
            // the requirement (the deadline ends an attempt, not the 57 s body), with room for a loaded machine
            assertThat(gapMillis(trickled, attempt)).as("attempt %d to %d", attempt + 1, attempt + 2)
                    .isBetween(1500L, 1500L + Math.round(100 * Math.pow(2, attempt) * 1.2) + 5000);
        }
        ConsumerRecord<String, byte[]> deadLetter = single(BUNDLE.reader().read(topics.deadLetter()));
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.reason")).isEqualTo("fetch-failed");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.attempts")).isEqualTo("4");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.exception.message")).isEqualTo(
                "Gave up on the page after 4 attempts; the last one: RequestDeadlineExceededException:"
                        + " no complete reply within smartlead.api.request-deadline=1500 ms");
        assertThat(contactRecords(topics).stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .as("the next filter was polled").isEqualTo(ids(simulator.selection(next, POPULATION)));
    }

    @Test
    void should_wait_what_retry_after_says_on_429() throws Exception {
        TestTopics topics = topics("retry-after");
        SmartleadSimulator simulator = simulator().enqueueFaults(new Fault(429,
                Map.of("Content-Type", "application/json", "Retry-After", "1"),
                "{\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":30}}", Duration.ZERO));

        poll(settings(topics), 1);

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests.get(0).status()).isEqualTo(429);
        assertThat(gapMillis(requests, 0)).isGreaterThanOrEqualTo(1000);
        assertEveryContactDelivered(simulator, topics);
    }

    @Test
    void should_dead_letter_success_false_on_page_3_keep_pages_1_and_2_and_poll_normally_next_time() throws Exception {
        TestTopics topics = topics("page-3");
        AtomicBoolean refused = new AtomicBoolean();
        SmartleadSimulator simulator = simulator().withFaultRule(request -> request.path("visual_offset").asInt() == 2 * PAGE
                && refused.compareAndSet(false, true)
                ? Optional.of(Fault.body("{\"success\":false,\"message\":\"Not enough credits left. Need 50 more"
                        + " credits to do this operation\",\"data\":{\"list\":[],\"total_count\":0}}"))
                : Optional.empty());

        poll(settings(topics), 2);

        ConsumerRecord<String, byte[]> deadLetter = single(BUNDLE.reader().read(topics.deadLetter()));
        String failedPoll = TopicReader.header(deadLetter, "smartlead.poll-id");
        List<ConsumerRecord<String, byte[]>> contacts = contactRecords(topics);
        Set<String> firstPoll = contacts.stream().filter(r -> failedPoll.equals(TopicReader.header(r, "smartlead.poll-id")))
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(firstPoll).isEqualTo(ids(simulator.selection(FILTER, POPULATION).subList(0, 2 * PAGE)));
        // the next poll read everything and published what was not published yet
        assertEveryContactDelivered(simulator, topics);
        assertThat(contacts).hasSize(POPULATION);
        assertThat(JSON.readTree(deadLetter.value()).get("request").get("visual_offset").asInt()).isEqualTo(2 * PAGE);
    }

    @Test
    void should_dead_letter_each_malformed_reply_and_keep_polling() throws Exception {
        TestTopics topics = topics("malformed");
        List<String> variants = List.of(
                "<html><body>502 Bad Gateway</body></html>",
                "{\"success\":true,\"data\":{\"list\":[{\"id\":\"a\"",
                "",
                "[]",
                "{\"success\":\"yes\",\"data\":{\"list\":[],\"total_count\":0}}",
                "{\"success\":true}",
                "{\"success\":true,\"data\":{\"list\":{\"id\":\"a\"},\"total_count\":1}}",
                "{\"success\":true,\"data\":{\"list\":[],\"total_count\":\"250\"}}",
                "{\"success\":true,\"data\":{\"list\":[],\"total_count\":-3}}");
        SmartleadSimulator simulator = simulator();
        variants.forEach(body -> simulator.enqueueFaults(Fault.body(body)));

        poll(settings(topics), variants.size() + 1);

        List<JsonNode> deadLetters = BUNDLE.reader().read(topics.deadLetter()).stream().map(FaultInjectionIT::json).toList();
        assertThat(deadLetters).hasSize(variants.size()).allSatisfy(value -> {
            assertThat(value.get("reason").asText()).isEqualTo("malformed-response");
            assertThat(value.get("stage").asText()).isEqualTo("parse");
        });
        assertThat(deadLetters).extracting(value -> value.get("responseBody").asText())
                .containsExactlyInAnyOrderElementsOf(variants);
        assertEveryContactDelivered(simulator, topics);
    }

    @Test
    void should_dead_letter_a_refused_key_once_say_so_and_back_off_that_filter() throws Exception {
        TestTopics topics = topics("unauthorized");
        // started before the settings, which point at it
        SmartleadSimulator simulator = BUNDLE.simulatorAccepting("another-key").withFilter(FILTER, POPULATION);

        poll(settings(topics), 4);

        assertThat(simulator.requests()).as("later polls skip the filter").hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = single(BUNDLE.reader().read(topics.deadLetter()));
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.http.status")).isEqualTo("401");
        assertThat(TopicReader.header(deadLetter, "smartlead.errors.attempts")).isEqualTo("1");
        assertThat(Files.readAllLines(KeyLeakCheck.TEST_LOG)).anySatisfy(line -> assertThat(line)
                .contains("ERROR").contains("check that SMARTLEAD_API_KEY holds a valid SmartLead API key")
                .contains("Polling of this filter pauses for PT15M"));
    }

    @Test
    void should_deliver_every_contact_exactly_once_when_the_broker_goes_away_mid_poll_and_comes_back()
            throws Exception {
        TestTopics topics = topics("broker-restart");
        Properties settings = settings(topics);
        SmartleadSimulator simulator = simulator().withLatency(Duration.ofMillis(200));

        try (RunningApp app = BUNDLE.start(settings)) {
            Eventually.until(() -> simulator.requests().size() >= 2, Duration.ofSeconds(30), () -> "no second page");
            BUNDLE.broker().stopBroker();
            BUNDLE.broker().startBroker();
            // a page whose transaction the restart broke ends its poll; the next poll publishes the rest
            ManagementApi management = new ManagementApi(app.managementUrl());
            Eventually.until(() -> completedPolls(management) >= 1, Duration.ofSeconds(60), () -> "no poll completed");
        }

        Deliveries deliveries = Deliveries.read(BUNDLE.reader(), topics, ids(simulator.selection(FILTER, POPULATION)));
        System.out.println("Broker restart mid-poll, read_committed: " + deliveries);
        assertThat(deliveries.duplicates()).as("duplicates").isZero();
        assertThat(deliveries.losses()).as("losses").isZero();
    }

    @Test
    void should_deliver_every_contact_exactly_once_when_the_application_is_stopped_mid_poll_and_restarted()
            throws Exception {
        TestTopics topics = topics("app-restart");
        Properties settings = settings(topics);
        SmartleadSimulator simulator = simulator().withLatency(Duration.ofMillis(300));

        try (RunningApp first = BUNDLE.start(settings)) {
            Eventually.until(() -> simulator.requests().size() >= 2, Duration.ofSeconds(30), () -> "no second page");
        }
        int askedBeforeStop = simulator.requests().size();
        assertThat(askedBeforeStop).as("the stopped poll fetched no more pages").isLessThan(POPULATION / PAGE);
        try (RunningApp second = BUNDLE.start(settings)) {
            ManagementApi management = new ManagementApi(second.managementUrl());
            Eventually.until(() -> completedPolls(management) >= 1, Duration.ofSeconds(30), () -> "no poll completed");
        }

        Deliveries deliveries = Deliveries.read(BUNDLE.reader(), topics, ids(simulator.selection(FILTER, POPULATION)));
        System.out.println("Application stopped mid-poll after " + askedBeforeStop + " pages, read_committed: "
                + deliveries);
        assertThat(deliveries.duplicates()).as("duplicates").isZero();
        assertThat(deliveries.losses()).as("losses").isZero();
    }

    @Test
    void should_never_send_more_requests_in_any_second_than_the_rate_limit() throws Exception {
        TestTopics topics = topics("rate-limit");
        Properties settings = settings(topics);
        settings.put("smartlead.poll.filter-ids", "11,12,13,14,15,16");
        settings.put("smartlead.api.max-requests-per-second", "5");
        SmartleadSimulator simulator = BUNDLE.simulator();
        for (long filter = 11; filter <= 16; filter++) {
            simulator.withFilter(filter, POPULATION);
        }

        poll(settings, 1);

        List<Instant> times = simulator.requests().stream().map(RecordedRequest::receivedAt).sorted().toList();
        assertThat(times).hasSize(6 * POPULATION / PAGE);
        for (int i = 0; i + 5 < times.size(); i++) {
            assertThat(Duration.between(times.get(i), times.get(i + 5)).toMillis())
                    .as("requests %d..%d", i, i + 5).isGreaterThanOrEqualTo(1000);
        }
        // the limit bound: 30 requests at 5 per second take at least 5 seconds
        assertThat(Duration.between(times.get(0), times.get(times.size() - 1)).toMillis()).isGreaterThanOrEqualTo(5000);
        assertThat(contactRecords(topics)).hasSize(6 * POPULATION);
    }

    private static double completedPolls(ManagementApi management) {
        return management.metrics()
                .getOrDefault("smartlead_polls_total{filter=\"" + FILTER + "\",outcome=\"completed\"}", 0.0);
    }

    @Test
    void should_show_no_form_of_a_key_the_api_echoes_in_any_log_line_dead_letter_header_or_metric() throws Exception {
        TestTopics topics = topics("key-echo");
        // a key with characters that end a query parameter, start an escape or mean something in a URL;
        // its random tail stays the same in every encoding, so finding it anywhere finds any form of the key
        String tail = UUID.randomUUID().toString();
        String key = "k&y%2B+=/?#tail-" + tail;
        UnaryOperator<String> everyForm = echoed -> String.join(" ", KeyForms.of(echoed));
        UnaryOperator<String> page = echoed -> "<html><body><h1>Error</h1><p>" + everyForm.apply(echoed) + "</p></body></html>";
        // started before the settings, which point at it
        SmartleadSimulator simulator = BUNDLE.simulatorAccepting(key).enqueueFaults(
                Fault.echoingKey(401, "application/json", echoed -> "{\"statusCode\":401,\"success\":false,"
                        + "\"message\":\"Unknown API key " + everyForm.apply(echoed) + "\",\"error\":\"Unauthorized\"}"),
                Fault.echoingKey(500, "text/html", page), Fault.echoingKey(500, "text/html", page),
                Fault.echoingKey(500, "text/html", page), Fault.echoingKey(500, "text/html", page),
                Fault.echoingKey(200, "text/html", page));
        Properties settings = settings(topics);
        settings.put("smartlead.api.key", key);
        settings.put("smartlead.poll.filter-ids", "71,72,73");
        settings.put("smartlead.poll.period", "1h");

        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(45));
            assertThat(new ManagementApi(app.managementUrl()).get("/observe/metrics").body()).doesNotContain(tail);
        }

        assertThat(simulator.requests()).as("the request carried the key, URL-encoded").hasSize(6)
                .allSatisfy(request -> assertThat(request.keyValid()).isTrue());
        List<ConsumerRecord<String, byte[]>> deadLetters = BUNDLE.reader().read(topics.deadLetter());
        assertThat(deadLetters).extracting(record -> TopicReader.header(record, "smartlead.errors.http.status"))
                .containsExactly("401", "500", "200");
        KeyLeakCheck.assertNotInRecords(Map.of(topics.deadLetter(), deadLetters), tail);
        KeyLeakCheck.assertNotInTestLog(tail);
        assertThat(Files.readAllLines(KeyLeakCheck.TEST_LOG)).as("the WARN line of the refused key")
                .anySatisfy(line -> assertThat(line).contains("Dead letter for filter 71, reason http-error:"
                        + " HTTP 401 from SmartLead: Unknown API key "
                        + String.join(" ", Collections.nCopies(KeyForms.of(key).size(), "***")) + ";"));
    }

    /** This test's topics, remembered for the key check at the end. */
    private static TestTopics topics(String prefix) throws Exception {
        TestTopics topics = BUNDLE.topics(prefix);
        USED.add(topics);
        return topics;
    }

    /** The test's simulator with the filter's population. */
    private static SmartleadSimulator simulator() throws Exception {
        return BUNDLE.simulator().withFilter(FILTER, POPULATION);
    }

    /** Fast retries and no rate limit to speak of, unless a test says otherwise. */
    private static Properties settings(TestTopics topics) throws Exception {
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 10000, PAGE);
        settings.put("smartlead.poll.period", "200");
        settings.put("smartlead.api.retry.max-attempts", "4");
        settings.put("smartlead.api.retry.initial-delay", "100");
        settings.put("smartlead.api.retry.max-delay", "2000");
        settings.put("smartlead.api.max-requests-per-second", "1000");
        settings.put("smartlead.api.max-requests-per-minute", "60000");
        return settings;
    }

    /** Runs the application until {@code polls} polls finished; one poll means no further one starts. */
    private static void poll(Properties settings, int polls) {
        if (polls == 1) {
            settings.put("smartlead.poll.period", "1h");
        }
        BUNDLE.runPolls(settings, polls);
    }

    private static List<ConsumerRecord<String, byte[]>> contactRecords(TestTopics topics) throws Exception {
        return BUNDLE.reader().readAll(topics.categoryTopics().values()).values().stream().flatMap(List::stream).toList();
    }

    private static void assertEveryContactDelivered(SmartleadSimulator simulator, TestTopics topics) throws Exception {
        assertThat(contactRecords(topics).stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .isEqualTo(ids(simulator.selection(FILTER, POPULATION)));
    }

    private static Set<String> ids(List<GeneratedContact> contacts) {
        return contacts.stream().map(GeneratedContact::id).collect(Collectors.toSet());
    }

    private static List<Integer> offsets(List<RecordedRequest> requests) {
        return requests.stream().map(request -> json(request.body()).get("visual_offset").asInt()).toList();
    }

    private static long gapMillis(List<RecordedRequest> requests, int index) {
        return Duration.between(requests.get(index).receivedAt(), requests.get(index + 1).receivedAt()).toMillis();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return json(new String(record.value(), StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception unreadable) {
            throw new AssertionError("not JSON: " + text, unreadable);
        }
    }
}
