package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.support.RunningApp;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole application refuses to start on a wrong setting, with one message naming it and what is allowed. */
class StartupValidationTest {

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
                Arguments.of("smartlead.api.request-deadline", "0", "smartlead.api.request-deadline=0: allowed values are whole numbers 1..86400000"),
                Arguments.of("smartlead.api.max-reply-bytes", "1000", "smartlead.api.max-reply-bytes=1000: allowed values are whole numbers 1024..1073741824"),
                Arguments.of("smartlead.fetch-requests.max-ids", "0", "smartlead.fetch-requests.max-ids=0: allowed values are whole numbers 1..100000"));
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
