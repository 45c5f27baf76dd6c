package io.smartleadkafkaroutes.it;

import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestBroker;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test runs against, registered as {@code @RegisterExtension static final}: a Kafka broker
 * for the class ({@link TestBroker}, chosen by {@value TestBroker#CHOICE}), and per test the SmartLead simulator,
 * the test's topics and the whole application (Camel Main, the real routes and properties) with the test's
 * settings. After each test the applications still running stop, then the simulator; after the class (and its
 * own {@code @AfterAll} methods, which may still read topics) the broker.
 */
public final class BundleUnderTest implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long a test waits for the polls it asked for before it fails. */
    private static final Duration POLLS_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> brokerSettings;
    private final Deque<RunningApp> running = new ArrayDeque<>();
    private TestBroker broker;
    private TopicReader reader;
    private SmartleadSimulator simulator;
    private boolean producersLimited;

    /** A broker of Kafka's default settings. */
    public BundleUnderTest() {
        this(Map.of());
    }

    /** A broker with settings of its own, e.g. {@code auto.create.topics.enable=false}. */
    public BundleUnderTest(Map<String, String> brokerSettings) {
        this.brokerSettings = Map.copyOf(brokerSettings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = TestBroker.start(brokerSettings);
        reader = new TopicReader(broker.bootstrapServers());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (producersLimited) {
            broker.limitProducers(null);
            producersLimited = false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        broker.close();
    }

    public TestBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Reads topics as a {@code read_committed} consumer would. */
    public TopicReader reader() {
        return reader;
    }

    /** The test's simulator, accepting {@link AppFixture#API_KEY}; started on first use, stopped after the test. */
    public SmartleadSimulator simulator() throws Exception {
        return simulator == null ? simulatorAccepting(AppFixture.API_KEY) : simulator;
    }

    /** The test's simulator, accepting only this key (where the application is given another, or this one). */
    public SmartleadSimulator simulatorAccepting(String apiKey) throws Exception {
        if (simulator != null) {
            throw new IllegalStateException("the test's simulator is started already");
        }
        simulator = new SmartleadSimulator(apiKey).start();
        return simulator;
    }

    /**
     * The test's topics, created before the application writes, as in production: auto-created topics
     * can make an idempotent producer stall on Kafka 3.9 brokers (KAFKA-15591).
     */
    public TestTopics topics(String prefix) throws Exception {
        TestTopics topics = new TestTopics(prefix);
        broker.createTopics(topics.all());
        return topics;
    }

    /** Settings that point the application at the test's simulator, the broker and these topics; the test adds its own. */
    public Properties settings(TestTopics topics, String filterIds, int limit, int pageSize) throws Exception {
        return AppFixture.settings(simulator(), bootstrapServers(), topics, filterIds, limit, pageSize);
    }

    /** Starts the application with these settings; it stops when the test closes it, or after the test. */
    public RunningApp start(Properties settings) {
        RunningApp app = RunningApp.start(settings);
        running.push(app);
        return app;
    }

    /** Runs the application until {@code polls} polls finished, then stops it. */
    public void runPolls(Properties settings, int polls) {
        try (RunningApp app = start(settings)) {
            app.polls().await(polls, POLLS_TIMEOUT);
        }
    }

    /** Limits every producer to this many bytes per second until the test ends or lifts it ({@code null}). */
    public void limitProducers(Long bytesPerSecond) throws Exception {
        broker.limitProducers(bytesPerSecond);
        producersLimited = bytesPerSecond != null;
    }
}
