package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.support.FreePort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A wrong setting stops the start with one line naming it and what it allows. The settings are resolved here as
 * Camel Main resolves them; PackagedJarIT starts the jar with wrong settings: exit status 2 and that one line.
 */
class StartupValidationTest {

    private static final String API_KEY = "sk-test-startup-validation";
    private static final String DURATIONS = "durations %s..%s written as 30s, 15m, 1h30m or whole milliseconds";
    private static final String FILTER_IDS = "a comma-separated list of positive whole numbers (saved search filter ids),"
            + " e.g. 327105,327106";
    private static final String WORD_LISTS = ": it cannot be read; allowed values are a comma-separated list, or"
            + " classpath:<resource> or file:<path> with one entry per line";
    private static final String TOPIC_NAMES = "Kafka topic names of 1..249 characters from a-z A-Z 0-9 . _ -";

    /** A setting (or, in upper case, an environment variable), a wrong value, and the one line refusing it. */
    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                refused("smartlead.poll.period", "8d", DURATIONS.formatted("1ms", "7d")),
                refused("smartlead.poll.period", "2 s", DURATIONS.formatted("1ms", "7d")),
                refused("SMARTLEAD_POLL_PERIOD", "-1", "smartlead.poll.period", DURATIONS.formatted("1ms", "7d")),
                refused("smartlead.poll.period", "0", DURATIONS.formatted("1ms", "7d")),
                refused("smartlead.poll.period", "abc", DURATIONS.formatted("1ms", "7d")),
                refused("smartlead.poll.initial-delay", "-1", DURATIONS.formatted("0ms", "7d")),
                refused("smartlead.poll.initial-delay", "soon", DURATIONS.formatted("0ms", "7d")),
                refused("smartlead.api.response-timeout", "-1", DURATIONS.formatted("1ms", "1d")),
                refused("SMARTLEAD_API_RESPONSE_TIMEOUT", "0", "smartlead.api.response-timeout", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.response-timeout", "60 s", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.response-timeout", "2d", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.connect-timeout", "0", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.connect-timeout", "abc", DURATIONS.formatted("1ms", "1d")),
                refused("SMARTLEAD_API_CONNECT_TIMEOUT", "86400001", "smartlead.api.connect-timeout", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.fetch-requests.enabled", "maybe", "true, false"),
                refused("SMARTLEAD_METRICS_PER_FILTER", "yes", "smartlead.metrics.per-filter", "true, false"),
                refused("smartlead.fetch-requests.poll-timeout", "-1", DURATIONS.formatted("1ms", "1m")),
                refused("SMARTLEAD_FETCH_REQUESTS_POLL_TIMEOUT", "2m", "smartlead.fetch-requests.poll-timeout", DURATIONS.formatted("1ms", "1m")),
                refused("SMARTLEAD_FETCH_REQUESTS_MAX_POLL_RECORDS", "0", "smartlead.fetch-requests.max-poll-records", "whole numbers 1..10000"),
                refused("SMARTLEAD_PENDING_RECHECK_INTERVAL", "PT10S", "smartlead.pending.recheck.interval", DURATIONS.formatted("1ms", "1d")),
                refused("SMARTLEAD_HA_LEASE_DURATION", "15 s", "smartlead.ha.lease-duration", DURATIONS.formatted("0ms", "1d")),
                refused("KAFKA_BOOTSTRAP_SERVERS", "not a host:port,,", "camel.component.kafka.brokers",
                        "comma-separated host:port pairs, e.g. broker-1:9092,broker-2:9092 (KAFKA_BOOTSTRAP_SERVERS)"),
                refused("KAFKA_SECURITY_PROTOCOL", "BOGUS", "camel.component.kafka.security-protocol",
                        "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                refused("KAFKA_SSL_TRUSTSTORE_LOCATION", "/nonexistent/truststore.p12",
                        "camel.component.kafka.ssl-truststore-location", "paths of readable files"),
                refused("camel.component.kafka.max-in-flight-request", "abc", "whole numbers 1..5"),
                refused("camel.management.port", "abc", "whole numbers 1..65535"),
                sharedTopic("smartlead.topics.dead-letter", "smartlead.contacts.fetch-requests", "smartlead.topics.fetch-requests"),
                sharedTopic("smartlead.topics.dead-letter", "smartlead.contacts.published", "smartlead.topics.dedup"),
                sharedTopic("smartlead.topics.dead-letter", "smartlead.contacts.invalid", "smartlead.topics.invalid"),
                sharedTopic("smartlead.topics.dedup", "smartlead.contacts.verified", "smartlead.topics.verified"),
                Arguments.of("smartlead.topics.fetch-requests", "smartlead.contacts.published", "Invalid setting"
                        + " smartlead.topics.dedup=smartlead.contacts.published: allowed values are topics no other"
                        + " smartlead.topics.* setting names; smartlead.topics.fetch-requests names it too"),
                sharedTopic("SMARTLEAD_TOPICS_FETCH_REQUESTS", "smartlead.contacts.pending", "smartlead.topics.pending"),
                unknown("smartlead.topics.spam", "smartlead.contacts.spam", "smartlead.topics.custom"),
                unknown("smartlead.poll.perod", "30s", "smartlead.poll.period"),
                unknown("SMARTLEAD_API_BASE_URI", "http://127.0.0.1:9", "SMARTLEAD_API_BASE_URL"),
                unknown("smartlead.api.kye", API_KEY, "smartlead.api.key"),
                unknown("SMARTLEAD_POLL_LIMTI", "500", "SMARTLEAD_POLL_LIMIT"),
                Arguments.of("smartlead.api.key", "", "SMARTLEAD_API_KEY is not set: export SMARTLEAD_API_KEY=<your"
                        + " SmartLead API key> (or set the property smartlead.api.key) before starting"),
                Arguments.of("smartlead.api.key", "   ", "SMARTLEAD_API_KEY is not set: export SMARTLEAD_API_KEY=<your"
                        + " SmartLead API key> (or set the property smartlead.api.key) before starting"),
                refused("smartlead.poll.limit", "0", "whole numbers 1..10000"),
                refused("smartlead.poll.limit", "10001", "whole numbers 1..10000"),
                refused("smartlead.poll.limit", "lots", "whole numbers 1..10000"),
                refused("smartlead.poll.page-size", "0", "whole numbers 1..1000"),
                refused("smartlead.poll.page-size", "1001", "whole numbers 1..1000"),
                Arguments.of("smartlead.poll.filter-ids", "", "smartlead.poll.filter-ids is empty: allowed values are "
                        + FILTER_IDS),
                notAFilterId(" , ", ""),
                notAFilterId("327105,abc", "abc"),
                notAFilterId("-4", "-4"),
                notAFilterId("7,7", "7"),
                refused("smartlead.api.account-max-limit", "40000", "whole numbers 1..30000"),
                refused("smartlead.api.base-url", "ftp://example.com", SmartleadSettings.BASE_URLS),
                refused("smartlead.api.base-url", "http://127.0.0.1:8080/", SmartleadSettings.BASE_URLS),
                refused("smartlead.api.base-url", "https://prospect-api.smartlead.ai?x=1", SmartleadSettings.BASE_URLS),
                refused("smartlead.topics.verified", "bad topic!", TOPIC_NAMES),
                refused("smartlead.topics.pending", "", TOPIC_NAMES),
                Arguments.of("smartlead.status.values.invalid", "invalid,Valid", "Invalid setting"
                        + " smartlead.status.values.invalid: the raw value 'Valid' is also listed for verified; allowed"
                        + " values are raw values listed under one category only"),
                Arguments.of("smartlead.status.verdict-fields", " ", "smartlead.status.verdict-fields,"
                        + " smartlead.status.lookup-field and smartlead.status.completed-values must each name at least"
                        + " one field or value"),
                Arguments.of("smartlead.enrich.free-mail-domains", "file:/nonexistent/free-mail.txt", "Invalid setting"
                        + " smartlead.enrich.free-mail-domains=file:/nonexistent/free-mail.txt" + WORD_LISTS),
                Arguments.of("smartlead.enrich.role-account-names", "classpath:nowhere.txt", "Invalid setting"
                        + " smartlead.enrich.role-account-names=classpath:nowhere.txt" + WORD_LISTS),
                refused("smartlead.api.request-deadline", "0", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.request-deadline", "1d1ms", DURATIONS.formatted("1ms", "1d")),
                refused("smartlead.api.retry.initial-delay", "1.5s", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.api.retry.max-retry-after", "-1", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.api.unauthorized-backoff", "2d", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.dedup.load-timeout", "soon", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.pending.recheck.delay", "5 m", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.health.kafka-timeout", "3S", DURATIONS.formatted("0ms", "1d")),
                refused("smartlead.api.max-reply-bytes", "1000", "whole numbers 1024..1073741824"),
                refused("smartlead.fetch-requests.max-ids", "0", "whole numbers 1..100000"),
                refused("smartlead.fetch-requests.max-poll-records", "10001", "whole numbers 1..10000"),
                refused("smartlead.fetch-requests.batch-size", "1001", "whole numbers 1..1000"));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("refusedSettings")
    void should_refuse_a_wrong_setting_in_one_line_naming_it_and_what_it_allows(String setting, String value,
            String line) {
        assertThat(refusal(Map.of(setting, value))).isEqualTo(line);
    }

    @ParameterizedTest(name = "limit {0} with account maximum {1}")
    @MethodSource("limitsAboveTheAccountMaximum")
    void should_check_the_limit_against_the_configured_account_maximum(String limit, String accountMax) {
        assertThat(refusal(Map.of("smartlead.poll.limit", limit, "smartlead.api.account-max-limit", accountMax)))
                .isEqualTo("Invalid setting smartlead.poll.limit=" + limit + ": allowed values are whole numbers 1.."
                        + accountMax);
    }

    static Stream<Arguments> limitsAboveTheAccountMaximum() {
        return Stream.of(Arguments.of("5001", "5000"), Arguments.of("30001", "30000"));
    }

    /** Camel's management server only logs a port it cannot bind: the application would run without health or metrics. */
    @Test
    void should_refuse_a_management_port_in_use() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(refusal(Map.of("camel.management.port", Integer.toString(taken.getLocalPort()))))
                    .startsWith("camel.management.port=" + taken.getLocalPort() + " cannot be bound on 0.0.0.0 (")
                    .endsWith("): another process, or another copy of this application, uses it;"
                            + " set camel.management.port to a free port");
        }
    }

    /**
     * The one line the application refuses to start with, given settings that start but for {@code given}: a
     * setting's name, or an environment variable's in upper case.
     */
    private static String refusal(Map<String, String> given) {
        Properties properties = new Properties();
        properties.put("smartlead.api.key", API_KEY);
        properties.put("smartlead.poll.filter-ids", "327105");
        properties.put("camel.management.port", Integer.toString(FreePort.pick()));
        Map<String, String> environment = new HashMap<>();
        given.forEach((name, value) -> {
            if (name.equals(name.toUpperCase(Locale.ROOT))) {
                environment.put(name, value);
            } else {
                properties.put(name, value);
            }
        });

        Throwable refused = catchThrowable(() -> ResolvedSettings.check(properties, environment, new HashSet<>()));

        assertThat(refused).isInstanceOf(InvalidSettingException.class);
        assertThat(refused.getMessage()).doesNotContain("\n", API_KEY);
        return refused.getMessage();
    }

    private static Arguments refused(String setting, String value, String allowed) {
        return refused(setting, value, setting, allowed);
    }

    /** {@code given} (a setting or an environment variable) refused as {@code setting}. */
    private static Arguments refused(String given, String value, String setting, String allowed) {
        return Arguments.of(given, value, "Invalid setting " + setting + "=" + value + ": allowed values are " + allowed);
    }

    private static Arguments sharedTopic(String given, String topic, String other) {
        return refused(given, topic, given.startsWith("SMARTLEAD_") ? "smartlead.topics.fetch-requests" : given,
                "topics no other smartlead.topics.* setting names; " + other + " names it too");
    }

    private static Arguments unknown(String given, String value, String meant) {
        String variable = given.startsWith("SMARTLEAD_") ? " (an environment variable)" : "";
        return Arguments.of(given, value, "Unknown setting " + given + variable + ": did you mean " + meant
                + "? (the settings are those in application.properties)");
    }

    private static Arguments notAFilterId(String ids, String id) {
        return Arguments.of("smartlead.poll.filter-ids", ids, "Invalid setting smartlead.poll.filter-ids=" + ids + ": '"
                + id + "' is not a new positive whole number; allowed values are " + FILTER_IDS + ", each listed once");
    }
}
