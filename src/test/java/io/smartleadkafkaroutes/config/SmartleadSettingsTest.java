package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The checked settings are the values the application goes on with, in one form whatever way they were written. */
class SmartleadSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://prospect-api.smartlead.ai", "http://127.0.0.1:8080/proxy/smartlead"})
    void should_take_the_base_url_as_written(String written) {
        assertThat(load("smartlead.api.base-url", written).baseUrl()).isEqualTo(written);
    }

    @Test
    void should_build_the_api_retry_policy_from_the_retry_settings() {
        Properties settings = required();
        settings.put("smartlead.api.retry.max-attempts", "4");
        settings.put("smartlead.api.retry.initial-delay", "2s");
        settings.put("smartlead.api.retry.max-delay", "1m");

        RedeliveryPolicy policy = SmartleadSettings.load(ShippedSettings.with(settings)).retry().redeliveryPolicy();

        assertThat(policy.getMaximumRedeliveries()).as("no count of its own: the retryWhile counts").isEqualTo(-1);
        assertThat(policy.getRedeliveryDelay()).isEqualTo(2000);
        assertThat(policy.getMaximumRedeliveryDelay()).isEqualTo(60_000);
        assertThat(policy.isUseExponentialBackOff()).isTrue();
        assertThat(policy.getBackOffMultiplier()).isEqualTo(2);
        assertThat(policy.isUseCollisionAvoidance()).isTrue();
        assertThat(policy.getCollisionAvoidanceFactor()).isEqualTo(0.2);
        assertThat(policy.getRetryAttemptedLogLevel()).isEqualTo(LoggingLevel.DEBUG);
        assertThat(policy.isAllowRedeliveryWhileStopping()).isFalse();
    }

    /** Every duration the application reads itself, and what it reads it as. */
    static Stream<Arguments> durationsReadHere() {
        return Stream.of(
                durationOf("smartlead.api.retry.initial-delay", settings -> settings.retry().initialDelay()),
                durationOf("smartlead.api.retry.max-delay", settings -> settings.retry().maxDelay()),
                durationOf("smartlead.api.retry.max-retry-after", settings -> settings.retry().maxRetryAfter()),
                durationOf("smartlead.api.unauthorized-backoff", SmartleadSettings::unauthorizedBackoff),
                durationOf("smartlead.api.request-deadline", SmartleadSettings::requestDeadline),
                durationOf("smartlead.dedup.load-timeout", settings -> settings.dedup().loadTimeout()),
                durationOf("smartlead.pending.recheck.delay", settings -> settings.recheck().delay()),
                durationOf("smartlead.health.kafka-timeout", SmartleadSettings::kafkaHealthTimeout),
                durationOf("smartlead.ha.lease-duration", settings -> settings.ha().leaseDuration()),
                durationOf("smartlead.ha.renew-deadline", settings -> settings.ha().renewDeadline()),
                durationOf("smartlead.ha.retry-period", settings -> settings.ha().retryPeriod()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationsReadHere")
    void should_read_a_duration_written_as_camel_writes_it_or_in_whole_milliseconds(String setting,
            Function<SmartleadSettings, Duration> read) {
        assertThat(read.apply(load(setting, "1m30s"))).isEqualTo(Duration.ofSeconds(90));
        assertThat(read.apply(load(setting, "90000"))).isEqualTo(Duration.ofSeconds(90));
    }

    /** The durations only Camel reads, through placeholders, mean to Camel what they were checked to mean. */
    @Test
    void should_hand_camel_the_durations_it_reads_as_they_were_checked() {
        // nothing listens on the brokers' port: the application starts, and reads no published contacts
        Properties settings = required();
        settings.put("smartlead.api.base-url", "http://127.0.0.1:9");
        settings.put("camel.component.kafka.brokers", "127.0.0.1:9");
        settings.put("smartlead.dedup.store", "memory");
        settings.put("smartlead.poll.period", "1h30m");
        settings.put("smartlead.poll.initial-delay", "7d");
        settings.put("smartlead.api.connect-timeout", "10s");
        settings.put("smartlead.api.response-timeout", "1m");
        settings.put("smartlead.fetch-requests.poll-timeout", "1s");
        settings.put("smartlead.pending.recheck.interval", "250ms");
        // the recheck route exists only when enabled (its precondition)
        settings.put("smartlead.pending.recheck.enabled", "true");

        try (RunningApp app = RunningApp.start(settings)) {
            HttpComponent http = app.context().getComponent("http", HttpComponent.class);
            assertThat(http.getConnectTimeout()).isEqualTo(10_000);
            assertThat(http.getResponseTimeout()).isEqualTo(60_000);
            TimerEndpoint polls = (TimerEndpoint) app.context().getRoute("poll-filters").getEndpoint();
            assertThat(polls.getPeriod()).isEqualTo(Duration.ofMinutes(90).toMillis());
            assertThat(polls.getDelay()).isEqualTo(Duration.ofDays(7).toMillis());
            KafkaEndpoint requests = (KafkaEndpoint) app.context().getRoute("fetch-requests").getEndpoint();
            assertThat(requests.getConfiguration().getPollTimeoutMs()).isEqualTo(1000L);
            TimerEndpoint rechecks = (TimerEndpoint) app.context().getRoute("recheck-pending").getEndpoint();
            assertThat(rechecks.getPeriod()).isEqualTo(250);
            assertThat(app.context().getRegistry().lookupByNameAndType("apiRetryPolicy", RedeliveryPolicy.class))
                    .isNotNull();
        }
    }

    private static Arguments durationOf(String setting, Function<SmartleadSettings, Duration> read) {
        return Arguments.of(setting, read);
    }

    private static SmartleadSettings load(String setting, String value) {
        Properties settings = required();
        settings.put(setting, value);
        return SmartleadSettings.load(ShippedSettings.with(settings));
    }

    /** The settings application.properties leaves to the user. */
    private static Properties required() {
        Properties settings = new Properties();
        settings.put("smartlead.api.key", "sk-test-settings");
        settings.put("smartlead.poll.filter-ids", "327105");
        return settings;
    }
}
