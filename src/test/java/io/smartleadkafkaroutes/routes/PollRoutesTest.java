package io.smartleadkafkaroutes.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.publish.PagePublisher;
import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.RecordedRequest;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Route-level tests: the real application.properties, the real YAML routes and the real configuration class
 * (SmartleadBeans), started by Camel Main through camel-test-main-junit5, polling the SmartLead simulator on
 * 127.0.0.1, with no Kafka broker. The page transactions go to Kafka's {@link MockProducer} (the test's
 * {@code pagePublisher} bean replaces the configuration class's), the dead-letter kafka endpoint is a mock
 * endpoint (mockEndpointsAndSkip "kafka:*"), the published-contacts memory is the in-process one.
 * <p>
 * Everything is checked through behaviour that survives a restructuring of the routes: a poll is one
 * exchange of the timer (NotifyBuilder on {@code timer:*}), what was published is MockProducer's history,
 * what was asked is the simulator's request log, what was dead-lettered is the mock endpoint. No route id
 * is named. Each test gets a context of its own, started by the test once the simulator is set up.
 */
class PollRoutesTest extends CamelMainTestSupport {

    /** A key that exists only for this class; it must show up in no log line. */
    private static final String API_KEY = "sk-routetest-" + UUID.randomUUID();
    private static final long FILTER = 327105;
    private static final int PAGE_SIZE = 1000;
    private static final String TOPIC_PREFIX = "routetest.";
    private static final String DEAD_LETTER_TOPIC = TOPIC_PREFIX + "dead-letter";
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A test whose timer ticks at this period, not once an hour (the second poll of the dedup test). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface PollPeriod {
        String value();
    }

    // set in configureContext, which CamelTestSupport's constructor calls: no field initialisers here
    private SmartleadSimulator simulator;
    private Properties settings;
    private MockProducer<String, byte[]> producer;

    PollRoutesTest(TestInfo test) {
        test.getTestMethod().map(method -> method.getAnnotation(PollPeriod.class))
                .ifPresent(period -> settings.put("smartlead.poll.period", period.value()));
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        // the context is started by each test, once the simulator holds the test's population and faults
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        try {
            simulator = new SmartleadSimulator(API_KEY).start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        settings = settings(simulator.baseUrl());
        context.withUseOverridePropertiesWithPropertiesComponent(settings);
        // the dead-letter topic's kafka endpoint (and any other) becomes mock:kafka:..., never reaching a broker
        context.withMockEndpointsAndSkip("kafka:*");
    }

    /** Overrides of the real application.properties: the simulator, one filter, no broker, fast retries, no ports. */
    private static Properties settings(String baseUrl) {
        Properties settings = new Properties();
        settings.put("smartlead.api.base-url", baseUrl);
        settings.put("smartlead.api.key", API_KEY);
        settings.put("smartlead.poll.filter-ids", Long.toString(FILTER));
        settings.put("smartlead.poll.limit", "10000");
        settings.put("smartlead.poll.page-size", Integer.toString(PAGE_SIZE));
        settings.put("smartlead.poll.period", "1h");
        settings.put("smartlead.poll.initial-delay", "0");
        settings.put("smartlead.api.retry.initial-delay", "10");
        settings.put("smartlead.api.retry.max-delay", "50");
        settings.put("smartlead.dedup.store", "memory");
        settings.put("smartlead.fetch-requests.enabled", "false");
        settings.put("smartlead.pending.recheck.enabled", "false");
        // no management HTTP server: nothing here asks for health or metrics
        settings.put("camel.management.enabled", "false");
        for (String category : List.of("verified", "catch-all", "invalid", "no-email", "pending", "unknown", "dead-letter")) {
            settings.put("smartlead.topics." + category, TOPIC_PREFIX + category);
        }
        return settings;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        // the file the application runs with, not an optional one: a test without it would test nothing
        return "classpath:application.properties";
    }

    /**
     * The page publisher of the configuration class, with Kafka's MockProducer instead of a transactional
     * producer of the kafka component. Bound by the Camel bean post-processor when it processes this test,
     * after Camel Main bound the configuration class's beans, so this one wins; the routes look it up when
     * they start. It shares the real record builder and the real published-contacts memory.
     */
    @BindToRegistry("pagePublisher")
    public PagePublisher pagePublisher(CamelContext camel) {
        producer = new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
        return new PagePublisher(() -> producer,
                camel.getRegistry().lookupByNameAndType("kafkaRecords", KafkaRecords.class),
                camel.getRegistry().lookupByNameAndType("publishedContacts", PublishedContacts.class),
                () -> Duration.ofSeconds(5));
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @AfterAll
    static void keyInNoLogLine() throws Exception {
        KeyLeakCheck.assertNotInTestLog(API_KEY);
    }

    @Test
    void should_page_through_a_filter_and_publish_each_page_as_one_transaction() {
        simulator.withFilter(FILTER, 2345);

        pollAndWait(1);

        assertThat(offsets(simulator.requests())).as("visual_offset of each request")
                .containsExactlyInAnyOrder(0, 1000, 2000);
        assertThat(publishedKeys()).as("every contact once").hasSize(2345)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(selection(2345)));
        assertThat(producer.transactionInitialized()).isTrue();
        assertThat(producer.commitCount()).as("transactions committed: one per page").isEqualTo(3);
        assertThat(producer.transactionAborted()).as("a transaction aborted").isFalse();
        assertThat(deadLetters().getReceivedCounter()).isZero();
    }

    @Test
    void should_retry_a_page_after_a_5xx_and_publish_it() {
        simulator.withFilter(FILTER, 300).enqueueFaults(Fault.status(503, "{\"message\":\"unavailable\"}"));

        pollAndWait(1);

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(503, 200);
        assertThat(offsets(requests)).containsExactly(0, 0);
        assertThat(publishedKeys()).containsExactlyInAnyOrderElementsOf(ids(selection(300)));
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(deadLetters().getReceivedCounter()).isZero();
    }

    @Test
    void should_wait_what_retry_after_says_before_asking_again_after_a_429() {
        simulator.withFilter(FILTER, 300).enqueueFaults(new Fault(429,
                Map.of("Content-Type", "application/json", "Retry-After", "1"),
                "{\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\"}}", Duration.ZERO));

        pollAndWait(1);

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 200);
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                .as("gap between the 429 and the next request").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(publishedKeys()).containsExactlyInAnyOrderElementsOf(ids(selection(300)));
        assertThat(deadLetters().getReceivedCounter()).isZero();
    }

    @Test
    void should_dead_letter_a_success_false_reply_without_asking_again() throws InterruptedException {
        simulator.withFilter(FILTER, 300).enqueueFaults(Fault.body("{\"success\":false,\"message\":\"Not enough"
                + " credits left. Need 300 more credits to do this operation\",\"data\":{\"list\":[],\"total_count\":0}}"));
        MockEndpoint deadLetters = deadLetters();
        deadLetters.expectedMessageCount(1);
        deadLetters.expectedHeaderReceived(KafkaRecords.ERROR_REASON, "api-rejected");
        deadLetters.expectedHeaderReceived(KafkaRecords.FILTER_ID, Long.toString(FILTER));

        pollAndWait(1);

        deadLetters.assertIsSatisfied();
        assertThat(simulator.requests()).as("no retry of a success:false reply").hasSize(1);
        assertThat(producer.history()).isEmpty();
        assertThat(producer.commitCount()).isZero();
    }

    @Test
    void should_publish_each_category_on_its_configured_topic() {
        simulator.withFilter(FILTER, PAGE_SIZE);
        Map<String, String> expectedTopic = selection(PAGE_SIZE).stream().collect(Collectors.toMap(GeneratedContact::id,
                contact -> TOPIC_PREFIX + contact.kind().category().replace('_', '-')));

        pollAndWait(1);

        List<ProducerRecord<String, byte[]>> published = producer.history();
        assertThat(published).hasSize(PAGE_SIZE);
        published.forEach(record -> assertThat(record.topic()).as("topic of contact %s", record.key())
                .isEqualTo(expectedTopic.get(record.key())));
        assertThat(published.stream().map(ProducerRecord::topic).collect(Collectors.toSet()))
                .as("every category's topic, and only those").containsExactlyInAnyOrder(TOPIC_PREFIX + "verified",
                        TOPIC_PREFIX + "catch-all", TOPIC_PREFIX + "invalid", TOPIC_PREFIX + "no-email",
                        TOPIC_PREFIX + "pending", TOPIC_PREFIX + "unknown");
    }

    @Test
    @PollPeriod("100ms")
    void should_publish_nothing_on_a_second_poll_of_unchanged_contacts() {
        simulator.withFilter(FILTER, 300);

        pollAndWait(2);

        assertThat(offsets(simulator.requests())).as("both polls asked for the page").hasSizeGreaterThanOrEqualTo(2)
                .containsOnly(0);
        assertThat(publishedKeys()).as("published by the first poll only").hasSize(300).doesNotHaveDuplicates();
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(deadLetters().getReceivedCounter()).isZero();
    }

    /** Starts the context (and so the timer) and waits until this many polls ended. */
    private void pollAndWait(int polls) {
        // a poll is the timer's own exchange; the split and multicast copies made within it carry a correlation id
        NotifyBuilder done = new NotifyBuilder(context()).from("timer:*")
                .filter(exchange -> exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) == null)
                .whenDone(polls).create();
        context().start();
        assertThat(done.matches(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("%d poll(s) ended within %s", polls, POLL_TIMEOUT).isTrue();
    }

    /** The mock endpoint standing in for the dead-letter topic's kafka endpoint. */
    private MockEndpoint deadLetters() {
        return getMockEndpoint("mock:kafka:" + DEAD_LETTER_TOPIC);
    }

    private List<String> publishedKeys() {
        return producer.history().stream().map(ProducerRecord::key).toList();
    }

    private List<GeneratedContact> selection(int size) {
        return simulator.selection(FILTER, size);
    }

    private static Set<String> ids(List<GeneratedContact> contacts) {
        return contacts.stream().map(GeneratedContact::id).collect(Collectors.toSet());
    }

    private static List<Integer> offsets(List<RecordedRequest> requests) {
        Function<RecordedRequest, Integer> offset = request -> {
            try {
                JsonNode body = JSON.readTree(request.body());
                return body.path("visual_offset").asInt();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        };
        return requests.stream().map(offset).toList();
    }
}
