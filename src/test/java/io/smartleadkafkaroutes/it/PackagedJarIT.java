package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged jar, started with {@code java -jar} as a user would, configured by environment variables. */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("app.jar", "target/smartlead-kafka-routes.jar"));
    /** A jar of the com.fasterxml.jackson family in target/lib: module name, version. */
    private static final Pattern JACKSON_MODULE = Pattern.compile("(jackson-[a-z0-9-]+?)-(\\d[\\w.]*)\\.jar");

    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    /** Kept after the run: the process output is worth reading when a test fails. */
    private Path work;

    @BeforeEach
    void workFolder(TestInfo test) throws Exception {
        work = Files.createDirectories(Path.of("target", "packaged-jar-it", test.getTestMethod().orElseThrow().getName()));
    }

    @Test
    void should_exit_within_10_seconds_naming_the_missing_key() throws Exception {
        ProcessBuilder builder = javaJar();
        builder.environment().remove("SMARTLEAD_API_KEY");
        builder.environment().put("SMARTLEAD_POLL_FILTER_IDS", "327105");

        Process process = builder.start();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output()).contains("Cannot start: SMARTLEAD_API_KEY is not set");
    }

    @Test
    void should_poll_into_kafka_configured_by_environment_variables_and_an_extra_properties_file() throws Exception {
        TestTopics topics = BUNDLE.topics("packaged");
        Path extraSettings = work.resolve("override.properties").toAbsolutePath();
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(31337, 640);
        Properties fileSettings = topics.asSettings();
        fileSettings.put("smartlead.poll.page-size", "250");
        try (var out = Files.newBufferedWriter(extraSettings)) {
            fileSettings.store(out, "topics and page size of this test");
        }
        ProcessBuilder builder = javaJar();
        Map<String, String> env = builder.environment();
        env.put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        env.put("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers());
        // trailing slashes are harmless: the requests still go to the endpoint's exact path
        env.put("SMARTLEAD_API_BASE_URL", simulator.baseUrl());
        env.put("SMARTLEAD_POLL_FILTER_IDS", "31337");
        env.put("SMARTLEAD_POLL_INITIAL_DELAY", "0");
        env.put("SMARTLEAD_CONFIG_FILE", extraSettings.toString());

        runUntilPublished(builder, topics, 640);
        // 640 contacts in pages of 250, as the file says
        assertThat(simulator.requests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.keyValid()).isTrue();
            assertThat(request.path()).isEqualTo(SmartleadSimulator.PATH);
        });
        assertThat(output()).contains("Apache Camel (Main) 4.18.0 is shutdown").doesNotContain(AppFixture.API_KEY);
    }

    /**
     * What {@code camel run routes/*.camel.yaml application.properties --dep=<the jar>} does, without Camel
     * JBang (not obtainable here): stock Camel Main, not the bundle's main class, with the route files of the
     * working copy and the jar on the classpath. The beans come from {@code camel.main.configuration-classes}.
     */
    @Test
    void should_poll_into_kafka_on_stock_camel_main_with_the_route_files() throws Exception {
        TestTopics topics = BUNDLE.topics("stockmain");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(31338, 640);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcamel.management.port=" + FreePort.pick(),
                "-Dcamel.main.routes-include-pattern=file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml",
                "-cp", JAR.toAbsolutePath().toString(), org.apache.camel.main.Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(work.toFile(), "output.txt"));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SMARTLEAD_") || name.startsWith("KAFKA_"));
        topics.asSettings().forEach((name, value) -> env.put(
                name.toString().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value.toString()));
        env.put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        env.put("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers());
        env.put("SMARTLEAD_API_BASE_URL", simulator.baseUrl());
        env.put("SMARTLEAD_POLL_FILTER_IDS", "31338");
        env.put("SMARTLEAD_POLL_INITIAL_DELAY", "0");
        env.put("SMARTLEAD_POLL_PAGE_SIZE", "250");

        runUntilPublished(builder, topics, 640);
        assertThat(simulator.requests()).hasSize(3);
        assertThat(output()).contains("Apache Camel (Main) 4.18.0 is shutdown").doesNotContain(AppFixture.API_KEY);
    }

    /**
     * A replica killed (SIGKILL) stays in the request topic's consumer group until the broker gives up on it
     * (45 s); the next one's consumer waits in its group join meanwhile. SIGTERM then still stops it within 10 s.
     */
    @Test
    void should_stop_within_10_seconds_of_sigterm_while_the_fetch_request_consumer_joins_its_group_after_a_restart()
            throws Exception {
        TestTopics topics = BUNDLE.topics("stop-joining");
        String group = "stop-joining-" + UUID.randomUUID();
        BUNDLE.broker().createTopics(List.of(topics.fetchRequests()));
        SmartleadSimulator simulator = BUNDLE.simulator();

        Duration stop;
        Process restarted;
        try (Admin admin = BUNDLE.broker().admin()) {
            Process killed = start(javaJar("killed.txt"), simulator, topics, group);
            Eventually.until(() -> groupState(admin, group) == ConsumerGroupState.STABLE, Duration.ofSeconds(60),
                    () -> "the first replica's consumer group: " + groupState(admin, group));
            killed.destroyForcibly().waitFor();

            restarted = start(javaJar("restarted.txt"), simulator, topics, group);
            Eventually.until(() -> groupState(admin, group) == ConsumerGroupState.PREPARING_REBALANCE,
                    Duration.ofSeconds(30), () -> "the restarted replica's consumer group: " + groupState(admin, group));
            stop = stopped(restarted);
        }

        System.out.printf("stopped %d ms after SIGTERM, the request consumer joining its group%n", stop.toMillis());
        assertThat(stop).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(10));
        assertThat(restarted.exitValue()).as("exit status of a SIGTERM").isEqualTo(143);
    }

    /**
     * SIGTERM while the API takes its time with a reply: the process exits within 10 s, and the page it was
     * waiting for is not lost but read by the next run.
     */
    @Test
    void should_stop_within_10_seconds_of_sigterm_while_an_api_reply_is_slow_and_publish_its_page_on_the_next_run()
            throws Exception {
        TestTopics topics = BUNDLE.topics("stop-slow-reply");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(31337, 640).withLatency(Duration.ofMinutes(2));
        TopicReader reader = BUNDLE.reader();
        Process slow = start(javaJar("slow.txt"), simulator, topics, "stop-slow-reply");
        Eventually.until(() -> !simulator.requests().isEmpty(), Duration.ofSeconds(60), () -> "no request yet");
        Duration stop = stopped(slow);

        System.out.printf("stopped %d ms after SIGTERM, an API reply outstanding%n", stop.toMillis());
        assertThat(stop).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(10));
        assertThat(countAll(reader, topics)).as("records published by the stopped run").isZero();

        simulator.withLatency(Duration.ZERO);
        Process next = start(javaJar("next.txt"), simulator, topics, "stop-slow-reply");
        Eventually.until(() -> countAll(reader, topics) == 640, Duration.ofSeconds(60),
                () -> "records on the topics: " + countAll(reader, topics));
        Duration idleStop = stopped(next);
        System.out.printf("stopped %d ms after SIGTERM, nothing in flight%n", idleStop.toMillis());
        assertThat(idleStop).as("SIGTERM to exit, nothing in flight").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void should_dead_letter_a_reply_above_the_cap_and_poll_on_in_a_heap_smaller_than_the_reply() throws Exception {
        TestTopics topics = BUNDLE.topics("huge-reply");
        long cap = 4L << 20;
        Path extraSettings = work.resolve("override.properties").toAbsolutePath();
        SmartleadSimulator simulator = BUNDLE.simulator();
        // filter 41 answers 40 MiB, chunked: ten times the cap, and more than the whole heap below
        simulator.withFilter(42, 300).withFaultRule(request -> request.path("filter_id").asLong() == 41
                ? Optional.of(Fault.body("{\"id\":\"5f22b0c8cff47e0001616f81\",\"firstName\":\"Orhan\"},")
                        .repeatedTo(10 * cap, false))
                : Optional.empty());
        try (var out = Files.newBufferedWriter(extraSettings)) {
            topics.asSettings().store(out, "topics of this test");
        }
        ProcessBuilder builder = javaJar("output.txt", "-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=gc.log");
        Map<String, String> env = builder.environment();
        env.put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        env.put("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers());
        env.put("SMARTLEAD_API_BASE_URL", simulator.baseUrl());
        env.put("SMARTLEAD_POLL_FILTER_IDS", "41,42");
        env.put("SMARTLEAD_POLL_INITIAL_DELAY", "0");
        env.put("SMARTLEAD_API_MAX_REPLY_BYTES", Long.toString(cap));
        env.put("SMARTLEAD_CONFIG_FILE", extraSettings.toString());

        Process process = builder.start();
        TopicReader reader = BUNDLE.reader();
        try {
            Eventually.until(() -> !process.isAlive() || countAll(reader, topics) == 300 + 1, Duration.ofSeconds(90),
                    () -> "records on the topics: " + countAll(reader, topics));
            assertThat(process.isAlive()).as("still running").isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        }
        var deadLetters = reader.read(topics.deadLetter());
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"reason\":\"reply-too-large\"").contains("\"attempts\":1")
                .contains("reply larger than smartlead.api.max-reply-bytes=4194304 (no Content-Length)");
        assertThat(simulator.requests()).as("the reply too large was not asked for again")
                .filteredOn(request -> request.body().contains("\"filter_id\":41")).hasSize(1);
        System.out.println("Reply of 40 MiB, cap 4 MiB, -Xmx64m: peak heap before a collection "
                + peakHeapMegabytes(work.resolve("gc.log")) + " MB");
    }

    @Test
    void should_refuse_to_start_when_the_extra_properties_file_is_missing() throws Exception {
        ProcessBuilder builder = javaJar();
        builder.environment().put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        builder.environment().put("SMARTLEAD_CONFIG_FILE", "/nonexistent/application.properties");

        Process process = builder.start();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output()).contains("Cannot start: Invalid setting SMARTLEAD_CONFIG_FILE=/nonexistent/application.properties")
                .doesNotContain(AppFixture.API_KEY);
    }

    /** A misspelled environment variable: the setting meant would silently keep its default (StartupValidationTest: every refusal). */
    @Test
    void should_exit_with_status_2_and_one_line_naming_a_misspelled_environment_variable() throws Exception {
        ProcessBuilder builder = refusedJar();
        builder.environment().put("SMARTLEAD_POLL_LIMTI", "500");

        assertRefusedInOneLine(builder.start(), "Unknown setting SMARTLEAD_POLL_LIMTI (an environment variable): did you"
                + " mean SMARTLEAD_POLL_LIMIT? (the settings are those in application.properties)");
    }

    /**
     * A Kafka setting the Kafka client refuses (here: a JAAS login line without its closing semicolon) stops the
     * start, instead of killing the thread that reads the published contacts while the polls wait for it for ever;
     * the refusal is the client's own, without the password.
     */
    @Test
    void should_exit_with_status_2_and_one_line_without_the_secret_when_the_kafka_client_refuses_its_settings()
            throws Exception {
        ProcessBuilder builder = refusedJar();
        builder.environment().put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        builder.environment().put("KAFKA_SASL_MECHANISM", "PLAIN");
        builder.environment().put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"smartlead\" password=\"jaas-secret-4711\"");

        assertRefusedInOneLine(builder.start(), "The Kafka client refuses the Kafka settings");
        assertThat(output()).contains("JAAS config entry not terminated by semi-colon").doesNotContain("jaas-secret-4711");
    }

    @Test
    void should_ship_one_jackson_the_one_camel_uses() throws Exception {
        Map<String, String> jacksonVersions = new TreeMap<>();
        try (var libraries = Files.list(JAR.toAbsolutePath().getParent().resolve("lib"))) {
            libraries.map(library -> library.getFileName().toString())
                    .map(JACKSON_MODULE::matcher)
                    .filter(Matcher::matches)
                    .forEach(module -> jacksonVersions.put(module.group(1), module.group(2)));
        }

        assertThat(jacksonVersions).containsKeys("jackson-core", "jackson-databind", "jackson-dataformat-yaml")
                .allSatisfy((module, version) -> assertThat(version).as(module).isEqualTo(System.getProperty("jackson.version")));
    }

    /** The jar with settings that would start, nothing listening on the brokers' port: refusals come before any connection. */
    private ProcessBuilder refusedJar() {
        ProcessBuilder builder = javaJar();
        builder.environment().keySet().removeIf(name -> name.startsWith("SMARTLEAD_") || name.startsWith("KAFKA_"));
        builder.environment().put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        builder.environment().put("SMARTLEAD_POLL_FILTER_IDS", "327105");
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        return builder;
    }

    /**
     * Exit status 2 and one ERROR line, "Cannot start: " and {@code message}; no stack trace, no key. The bound only
     * tells a refusal from an application that runs: a start takes 40 s on a busy machine.
     */
    private void assertRefusedInOneLine(Process process, String message) throws Exception {
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertThat(exited).as("exited within 90 s").isTrue();
        String output = output();
        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isEqualTo(2);
        assertThat(output.lines()).as("ERROR lines").filteredOn(line -> line.contains(" ERROR "))
                .singleElement().asString().contains("Cannot start: " + message);
        assertThat(output.lines()).as("stack trace lines")
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by") || line.contains("Exception in thread"));
        assertThat(output).doesNotContain(AppFixture.API_KEY);
    }

    /** The application polling filter 31337 of the simulator into the test's topics, its request consumer in {@code group}. */
    private Process start(ProcessBuilder builder, SmartleadSimulator simulator, TestTopics topics,
            String group) throws Exception {
        Path extraSettings = work.resolve("topics.properties").toAbsolutePath();
        try (var out = Files.newBufferedWriter(extraSettings)) {
            topics.asSettings().store(out, "topics of this test");
        }
        Map<String, String> env = builder.environment();
        env.put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        env.put("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers());
        env.put("SMARTLEAD_API_BASE_URL", simulator.baseUrl());
        env.put("SMARTLEAD_POLL_FILTER_IDS", "31337");
        env.put("SMARTLEAD_POLL_INITIAL_DELAY", "0");
        env.put("SMARTLEAD_FETCH_REQUESTS_GROUP_ID", group);
        env.put("SMARTLEAD_CONFIG_FILE", extraSettings.toString());
        return builder.start();
    }

    /** SIGTERM, as Kubernetes and Ctrl-C send it; how long the process took to exit. */
    private static Duration stopped(Process process) throws InterruptedException {
        long began = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private static ConsumerGroupState groupState(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().state();
        } catch (Exception notYet) {
            return ConsumerGroupState.UNKNOWN;
        }
    }

    /** Starts the process, waits until it published {@code contacts} records, then stops it with SIGTERM. */
    private static void runUntilPublished(ProcessBuilder builder, TestTopics topics, int contacts)
            throws Exception {
        Process process = builder.start();
        try {
            TopicReader reader = BUNDLE.reader();
            Eventually.until(() -> !process.isAlive() || countAll(reader, topics) == contacts, Duration.ofSeconds(60),
                    () -> "records on the topics: " + countAll(reader, topics));
            assertThat(process.isAlive()).as("still running").isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        }
    }

    private static long countAll(TopicReader reader, TestTopics topics) {
        try {
            return reader.readAll(topics.all()).values().stream().mapToLong(List::size).sum();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private ProcessBuilder javaJar() {
        return javaJar("output.txt");
    }

    /**
     * {@code java [jvmFlags] -jar} writing to {@code output} in the test's folder; its management server on a
     * free port.
     */
    private ProcessBuilder javaJar(String output, String... jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dcamel.management.port=" + FreePort.pick());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File(work.toFile(), output));
    }

    /** The largest heap before a collection in a -Xlog:gc file ({@code ... 45M->12M(64M) ...}). */
    private static long peakHeapMegabytes(Path gcLog) throws Exception {
        Matcher before = Pattern.compile("(\\d+)M->\\d+M\\(").matcher(Files.readString(gcLog));
        long peak = 0;
        while (before.find()) {
            peak = Math.max(peak, Long.parseLong(before.group(1)));
        }
        return peak;
    }

    private String output() throws Exception {
        return output("output.txt");
    }

    private String output(String name) throws Exception {
        return Files.readString(work.resolve(name));
    }
}
