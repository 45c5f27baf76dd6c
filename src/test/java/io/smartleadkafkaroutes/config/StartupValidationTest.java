package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.support.AppProcess;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.RunningApp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole application refuses to start on a wrong setting, with one message naming it and what is allowed. */
class StartupValidationTest {

    private static final String API_KEY = "sk-test-startup-validation";
    private static final Path OUTPUT = Path.of("target", "startup-validation");
    /** Long enough for a refusal at start on a busy machine; an application that does not refuse is killed after it. */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(20);

    private static final String DURATIONS = "allowed values are durations %s..%s written as 30s, 15m, 1h30m or whole milliseconds";

    /** Where the wrong value is given: each source a user has. */
    enum Source { ENVIRONMENT, SYSTEM_PROPERTY, CONFIG_FILE }

    /** Every wrong value of issue 12 (items 11 and 12): the setting, the value, and what the one line says. */
    static Stream<Arguments> refusedSettings() {
        String otherTopic = ": allowed values are topics no other smartlead.topics.* setting names; %s names it too";
        return Stream.of(
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.poll.period", "8d",
                        "smartlead.poll.period=8d: " + DURATIONS.formatted("1ms", "7d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.poll.period", "2 s",
                        "smartlead.poll.period=2 s: " + DURATIONS.formatted("1ms", "7d")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_POLL_PERIOD", "-1",
                        "smartlead.poll.period=-1: " + DURATIONS.formatted("1ms", "7d")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.poll.period", "0",
                        "smartlead.poll.period=0: " + DURATIONS.formatted("1ms", "7d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.poll.period", "abc",
                        "smartlead.poll.period=abc: " + DURATIONS.formatted("1ms", "7d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.poll.initial-delay", "-1",
                        "smartlead.poll.initial-delay=-1: " + DURATIONS.formatted("0ms", "7d")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.poll.initial-delay", "soon",
                        "smartlead.poll.initial-delay=soon: " + DURATIONS.formatted("0ms", "7d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.api.response-timeout", "-1",
                        "smartlead.api.response-timeout=-1: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_API_RESPONSE_TIMEOUT", "0",
                        "smartlead.api.response-timeout=0: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.api.response-timeout", "60 s",
                        "smartlead.api.response-timeout=60 s: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.api.response-timeout", "2d",
                        "smartlead.api.response-timeout=2d: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.api.connect-timeout", "0",
                        "smartlead.api.connect-timeout=0: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.api.connect-timeout", "abc",
                        "smartlead.api.connect-timeout=abc: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_API_CONNECT_TIMEOUT", "86400001",
                        "smartlead.api.connect-timeout=86400001: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.fetch-requests.enabled", "maybe",
                        "smartlead.fetch-requests.enabled=maybe: allowed values are true, false"),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_METRICS_PER_FILTER", "yes",
                        "smartlead.metrics.per-filter=yes: allowed values are true, false"),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.fetch-requests.poll-timeout", "-1",
                        "smartlead.fetch-requests.poll-timeout=-1: " + DURATIONS.formatted("1ms", "1m")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_FETCH_REQUESTS_POLL_TIMEOUT", "2m",
                        "smartlead.fetch-requests.poll-timeout=2m: " + DURATIONS.formatted("1ms", "1m")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_FETCH_REQUESTS_MAX_POLL_RECORDS", "0",
                        "smartlead.fetch-requests.max-poll-records=0: allowed values are whole numbers 1..10000"),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_PENDING_RECHECK_INTERVAL", "PT10S",
                        "smartlead.pending.recheck.interval=PT10S: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_HA_LEASE_DURATION", "15 s",
                        "smartlead.ha.lease-duration=15 s: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of(Source.ENVIRONMENT, "KAFKA_BOOTSTRAP_SERVERS", "not a host:port,,",
                        "camel.component.kafka.brokers=not a host:port,,: allowed values are comma-separated host:port"),
                Arguments.of(Source.ENVIRONMENT, "KAFKA_SECURITY_PROTOCOL", "BOGUS",
                        "camel.component.kafka.security-protocol=BOGUS: allowed values are PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                Arguments.of(Source.ENVIRONMENT, "KAFKA_SSL_TRUSTSTORE_LOCATION", "/nonexistent/truststore.p12",
                        "camel.component.kafka.ssl-truststore-location=/nonexistent/truststore.p12: allowed values are"
                                + " paths of readable files"),
                Arguments.of(Source.SYSTEM_PROPERTY, "camel.component.kafka.max-in-flight-request", "abc",
                        "camel.component.kafka.max-in-flight-request=abc: allowed values are whole numbers 1..5"),
                Arguments.of(Source.SYSTEM_PROPERTY, "camel.management.port", "abc",
                        "camel.management.port=abc: allowed values are whole numbers 1..65535"),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.topics.dead-letter", "smartlead.contacts.fetch-requests",
                        "smartlead.topics.dead-letter=smartlead.contacts.fetch-requests"
                                + otherTopic.formatted("smartlead.topics.fetch-requests")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.topics.dead-letter", "smartlead.contacts.published",
                        "smartlead.topics.dead-letter=smartlead.contacts.published"
                                + otherTopic.formatted("smartlead.topics.dedup")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.topics.dead-letter", "smartlead.contacts.invalid",
                        "smartlead.topics.dead-letter=smartlead.contacts.invalid"
                                + otherTopic.formatted("smartlead.topics.invalid")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.topics.dedup", "smartlead.contacts.verified",
                        "smartlead.topics.dedup=smartlead.contacts.verified"
                                + otherTopic.formatted("smartlead.topics.verified")),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.topics.fetch-requests", "smartlead.contacts.published",
                        "smartlead.topics.dedup=smartlead.contacts.published"
                                + otherTopic.formatted("smartlead.topics.fetch-requests")),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_TOPICS_FETCH_REQUESTS", "smartlead.contacts.pending",
                        "smartlead.topics.fetch-requests=smartlead.contacts.pending"
                                + otherTopic.formatted("smartlead.topics.pending")),
                Arguments.of(Source.CONFIG_FILE, "smartlead.topics.spam", "smartlead.contacts.spam",
                        "Unknown setting smartlead.topics.spam: did you mean smartlead.topics.dedup?"),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.poll.perod", "30s",
                        "Unknown setting smartlead.poll.perod: did you mean smartlead.poll.period?"),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_API_CHECKED_BASE_URL", "http://127.0.0.1:9",
                        "Unknown setting SMARTLEAD_API_CHECKED_BASE_URL (an environment variable): did you mean"
                                + " SMARTLEAD_API_BASE_URL?"),
                Arguments.of(Source.SYSTEM_PROPERTY, "smartlead.api.kye", API_KEY,
                        "Unknown setting smartlead.api.kye: did you mean smartlead.api.key?"),
                Arguments.of(Source.ENVIRONMENT, "SMARTLEAD_POLL_LIMTI", "500",
                        "Unknown setting SMARTLEAD_POLL_LIMTI (an environment variable): did you mean SMARTLEAD_POLL_LIMIT?"));
    }

    /**
     * The application as a user starts it (its own JVM, settings from the environment, -D or the extra file),
     * with a wrong value: exit status 2 and one ERROR line naming the setting and what it allows, nothing else
     * at ERROR, no stack trace, no secret.
     */
    @ParameterizedTest(name = "{1}=''{2}'' ({0})")
    @MethodSource("refusedSettings")
    void should_exit_with_status_2_and_one_line_naming_the_setting_and_what_is_allowed(Source source, String setting,
            String value, String message) throws Exception {
        String row = (setting + "-" + value).replaceAll("[^A-Za-z0-9.-]", "_");
        AppProcess app = validApp(row);
        switch (source) {
            case ENVIRONMENT -> app.environment(setting, value);
            case SYSTEM_PROPERTY -> app.systemProperty(setting, value);
            case CONFIG_FILE -> {
                Path file = Files.writeString(OUTPUT.resolve(row + ".properties"), setting + " = " + value + "\n");
                app.environment("SMARTLEAD_CONFIG_FILE", file.toAbsolutePath().toString());
            }
        }

        assertRefused(app.runAtMost(REFUSAL_BOUND), message);
    }

    /** Camel's management server only logs a port it cannot bind: the application would run without health or metrics. */
    @Test
    void should_exit_with_status_2_when_the_management_port_is_in_use() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AppProcess app = validApp("management-port-in-use")
                    .systemProperty("camel.management.port", Integer.toString(taken.getLocalPort()));

            assertRefused(app.runAtMost(REFUSAL_BOUND),
                    "camel.management.port=" + taken.getLocalPort() + " cannot be bound");
        }
    }

    /**
     * A Kafka setting the Kafka client refuses (here: a JAAS login line without its closing semicolon) stops the
     * start, instead of killing the thread that reads the published contacts while the polls wait for it for ever.
     */
    @Test
    void should_exit_with_status_2_when_the_kafka_client_of_the_published_contacts_refuses_its_settings() throws Exception {
        AppProcess app = validApp("kafka-client-refuses")
                .environment("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .environment("KAFKA_SASL_MECHANISM", "PLAIN")
                .environment("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"smartlead\" password=\"jaas-secret-4711\"");

        AppProcess.Ended ended = app.runAtMost(REFUSAL_BOUND);

        assertRefused(ended, "The Kafka client refuses the Kafka settings");
        assertThat(ended.output()).contains("JAAS config entry not terminated by semi-colon").doesNotContain("jaas-secret-4711");
    }

    /** Settings that start (nothing listens on the brokers' port: the refusals come before any connection). */
    private static AppProcess validApp(String name) {
        return new AppProcess(OUTPUT.resolve(name + ".txt"))
                .environment("SMARTLEAD_API_KEY", API_KEY)
                .environment("SMARTLEAD_POLL_FILTER_IDS", "327105")
                .environment("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")
                .systemProperty("camel.management.port", Integer.toString(FreePort.pick()));
    }

    private static void assertRefused(AppProcess.Ended ended, String message) {
        assertThat(ended.exited()).as("exited by itself within %s; output:%n%s", REFUSAL_BOUND, ended.output()).isTrue();
        assertThat(ended.status()).as("exit status; output:%n%s", ended.output()).isEqualTo(2);
        assertThat(ended.lines()).as("ERROR lines").filteredOn(line -> line.contains(" ERROR "))
                .singleElement().asString().contains("Cannot start: ", message);
        assertThat(ended.lines()).as("stack trace lines")
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by") || line.contains("Exception in thread"));
        assertThat(ended.output()).doesNotContain(API_KEY);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("smartlead.api.key", "", "SMARTLEAD_API_KEY is not set"),
                Arguments.of("smartlead.api.key", "   ", "SMARTLEAD_API_KEY is not set"),
                Arguments.of("smartlead.poll.limit", "0", "smartlead.poll.limit=0: allowed values are whole numbers 1..10000"),
                Arguments.of("smartlead.poll.limit", "10001", "smartlead.poll.limit=10001: allowed values are whole numbers 1..10000"),
                Arguments.of("smartlead.poll.limit", "lots", "smartlead.poll.limit=lots: allowed values are whole numbers 1..10000"),
                Arguments.of("smartlead.poll.page-size", "0", "smartlead.poll.page-size=0: allowed values are whole numbers 1..1000"),
                Arguments.of("smartlead.poll.page-size", "1001", "smartlead.poll.page-size=1001: allowed values are whole numbers 1..1000"),
                Arguments.of("smartlead.poll.filter-ids", "", "smartlead.poll.filter-ids is empty: allowed values are a comma-separated list of positive whole numbers"),
                Arguments.of("smartlead.poll.filter-ids", " , ", "smartlead.poll.filter-ids= , : '' is not a new positive whole number"),
                Arguments.of("smartlead.poll.filter-ids", "327105,abc", "smartlead.poll.filter-ids=327105,abc: 'abc' is not a new positive whole number"),
                Arguments.of("smartlead.poll.filter-ids", "-4", "smartlead.poll.filter-ids=-4: '-4' is not a new positive whole number"),
                Arguments.of("smartlead.poll.filter-ids", "7,7", "smartlead.poll.filter-ids=7,7: '7' is not a new positive whole number"),
                Arguments.of("smartlead.api.account-max-limit", "40000", "smartlead.api.account-max-limit=40000: allowed values are whole numbers 1..30000"),
                Arguments.of("smartlead.api.base-url", "ftp://example.com", "smartlead.api.base-url=ftp://example.com: allowed values are http:// or https:// URLs"),
                Arguments.of("smartlead.topics.verified", "bad topic!", "smartlead.topics.verified=bad topic!: allowed values are Kafka topic names"),
                Arguments.of("smartlead.topics.pending", "", "smartlead.topics.pending=: allowed values are Kafka topic names"),
                Arguments.of("smartlead.status.values.invalid", "invalid,Valid", "smartlead.status.values.invalid: the raw value 'Valid' is also listed for verified"),
                Arguments.of("smartlead.status.verdict-fields", " ", "smartlead.status.verdict-fields, smartlead.status.lookup-field and smartlead.status.completed-values must each name"),
                Arguments.of("smartlead.enrich.free-mail-domains", "file:/nonexistent/free-mail.txt", "smartlead.enrich.free-mail-domains=file:/nonexistent/free-mail.txt: it cannot be read"),
                Arguments.of("smartlead.enrich.role-account-names", "classpath:nowhere.txt", "smartlead.enrich.role-account-names=classpath:nowhere.txt: it cannot be read"),
                Arguments.of("smartlead.api.request-deadline", "0", "smartlead.api.request-deadline=0: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of("smartlead.api.request-deadline", "1d1ms", "smartlead.api.request-deadline=1d1ms: " + DURATIONS.formatted("1ms", "1d")),
                Arguments.of("smartlead.api.retry.initial-delay", "1.5s", "smartlead.api.retry.initial-delay=1.5s: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.api.retry.max-retry-after", "-1", "smartlead.api.retry.max-retry-after=-1: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.api.unauthorized-backoff", "2d", "smartlead.api.unauthorized-backoff=2d: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.dedup.load-timeout", "soon", "smartlead.dedup.load-timeout=soon: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.pending.recheck.delay", "5 m", "smartlead.pending.recheck.delay=5 m: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.health.kafka-timeout", "3S", "smartlead.health.kafka-timeout=3S: " + DURATIONS.formatted("0ms", "1d")),
                Arguments.of("smartlead.api.max-reply-bytes", "1000", "smartlead.api.max-reply-bytes=1000: allowed values are whole numbers 1024..1073741824"),
                Arguments.of("smartlead.fetch-requests.max-ids", "0", "smartlead.fetch-requests.max-ids=0: allowed values are whole numbers 1..100000"),
                Arguments.of("smartlead.fetch-requests.max-poll-records", "10001", "smartlead.fetch-requests.max-poll-records=10001: allowed values are whole numbers 1..10000"),
                Arguments.of("smartlead.fetch-requests.batch-size", "1001", "smartlead.fetch-requests.batch-size=1001: allowed values are whole numbers 1..1000"));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("invalidSettings")
    void should_refuse_to_start_naming_the_setting_and_the_allowed_values(String setting, String value, String message) {
        Properties settings = validSettings();
        settings.put(setting, value);

        Throwable failure = catchThrowable(() -> RunningApp.start(settings).close());

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "limit {0} with account maximum {1}")
    @MethodSource("limitsAboveTheAccountMaximum")
    void should_check_the_limit_against_the_configured_account_maximum(String limit, String accountMax) {
        Properties settings = validSettings();
        settings.put("smartlead.poll.limit", limit);
        settings.put("smartlead.api.account-max-limit", accountMax);

        Throwable failure = catchThrowable(() -> RunningApp.start(settings).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("smartlead.poll.limit=" + limit + ": allowed values are whole numbers 1.." + accountMax);
    }

    static Stream<Arguments> limitsAboveTheAccountMaximum() {
        return Stream.of(Arguments.of("5001", "5000"), Arguments.of("30001", "30000"));
    }

    private static Properties validSettings() {
        Properties settings = new Properties();
        settings.put("smartlead.api.key", "sk-test-startup-validation");
        settings.put("smartlead.api.base-url", "http://127.0.0.1:9");
        settings.put("smartlead.poll.filter-ids", "327105");
        settings.put("camel.component.kafka.brokers", "127.0.0.1:9");
        return settings;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
