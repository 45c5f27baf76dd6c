package io.smartleadkafkaroutes.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<String> retryCauses = new ArrayList<>();

    private RetryPolicy policy(double random) {
        return policy(4, random);
    }

    private RetryPolicy policy(int maxAttempts, double random) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5),
                clock, () -> random, retryCauses::add);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void should_retry_a_transient_status_with_growing_delays_then_give_up(int status) {
        RetryPolicy policy = policy(0.5);
        Attempt attempt = policy.start();
        long[] delays = new long[3];
        for (int i = 0; i < 3; i++) {
            policy.judge(attempt, null, status, null, null);
            assertThat(attempt.again()).isTrue();
            delays[i] = attempt.delayMillis();
        }
        assertThat(delays).containsExactly(100, 200, 400);
        assertThat(retryCauses).containsExactly(Integer.toString(status), Integer.toString(status),
                Integer.toString(status));

        DeadLetterException gaveUp = catchThrowableOfType(DeadLetterException.class,
                () -> policy.judge(attempt, null, status, null, "oops".getBytes(StandardCharsets.UTF_8)));
        assertThat(gaveUp.reason()).isEqualTo(DeadLetterReason.HTTP_ERROR);
        assertThat(gaveUp.httpStatus()).isEqualTo(status);
        assertThat(gaveUp).hasMessage("Gave up on the page after 4 attempts; the last one: HTTP " + status);
        assertThat(attempt.made()).isEqualTo(4);
        assertThat(attempt.again()).isFalse();
    }

    @Test
    void should_retry_a_missing_reply_and_call_it_a_failed_fetch_when_attempts_run_out() {
        RetryPolicy policy = policy(2, 0.5);
        Attempt attempt = policy.start();
        policy.judge(attempt, new SocketTimeoutException("Read timed out"), null, null, null);
        assertThat(attempt.again()).isTrue();
        assertThat(retryCauses).containsExactly(RetryPolicy.NO_REPLY);

        DeadLetterException gaveUp = catchThrowableOfType(DeadLetterException.class,
                () -> policy.judge(attempt, new ConnectException("Connection refused"), null, null, null));
        assertThat(gaveUp.reason()).isEqualTo(DeadLetterReason.FETCH_FAILED);
        assertThat(gaveUp).hasMessageEndingWith("ConnectException: Connection refused");
    }

    @Test
    void should_name_every_retry_cause_it_can_report_in_its_list_of_causes() {
        RetryPolicy policy = policy(10, 0.5);
        Attempt attempt = policy.start();
        for (int status : new int[] {429, 500, 502, 503, 504, 400, 200}) {
            policy.judge(attempt, null, status, null, null);
        }
        policy.judge(attempt, new ConnectException("Connection refused"), null, null, null);

        assertThat(retryCauses).containsExactlyElementsOf(RetryPolicy.CAUSES);
    }

    @ParameterizedTest(name = "random {0} -> {1} ms")
    @CsvSource({"0.0, 80", "0.5, 100", "1.0, 120"})
    void should_jitter_each_delay_by_up_to_20_percent(double random, long delay) {
        assertThat(policy(random).backoffMillis(1)).isEqualTo(delay);
    }

    @Test
    void should_cap_the_backoff() {
        assertThat(policy(0.5).backoffMillis(10)).isEqualTo(1000);
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 400, 401, 403, 404})
    void should_leave_any_other_answer_to_the_reply_check(int status) {
        RetryPolicy policy = policy(0.5);
        Attempt attempt = policy.start();

        policy.judge(attempt, null, status, null, null);

        assertThat(attempt.again()).isFalse();
        assertThat(attempt.made()).isEqualTo(1);
        assertThat(retryCauses).isEmpty();
    }

    @ParameterizedTest(name = "Retry-After ''{0}'', body {1} -> {2} ms")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "1                              | NULL                                                       | 1000",
        "3                              | {\"error\":{\"retry_after\":1}}                             | 3000",
        "Thu, 26 Nov 2026 10:00:02 GMT  | NULL                                                       | 2000",
        "Thu, 26 Nov 2026 09:59:00 GMT  | NULL                                                       | 0",
        "NULL                           | {\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":2}} | 2000",
        "60                             | NULL                                                       | 5000",
        "soon                           | NULL                                                       | 100"})
    void should_wait_what_a_429_asks_within_the_cap(String retryAfter, String body, long delay) {
        RetryPolicy policy = policy(0.5);
        Attempt attempt = policy.start();

        policy.judge(attempt, null, 429, retryAfter, body == null ? null : body.getBytes(StandardCharsets.UTF_8));

        assertThat(attempt.again()).isTrue();
        assertThat(attempt.delayMillis()).isEqualTo(delay);
    }
}
