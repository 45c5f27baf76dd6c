package io.smartleadkafkaroutes.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.api.RetryableApiException;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Long> requestsSentFor = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(5), clock, requestsSentFor::add);

    /** The judgement of one attempt: the exception to be tried again, or null when the answer is for the reply check. */
    private static RetryableApiException judged(RetryPolicy policy, Attempt attempt, Throwable failure, Integer status,
            String retryAfter, byte[] body) {
        try {
            policy.judge(attempt, failure, status, retryAfter, body);
            return null;
        } catch (RetryableApiException again) {
            return again;
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void should_ask_again_after_a_transient_status_every_time_counting_the_attempts(int status) {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));
        for (int i = 1; i <= 5; i++) {
            RetryableApiException again = judged(policy, attempt, null, status, null,
                    "oops".getBytes(StandardCharsets.UTF_8));
            assertThat(again).as("attempt %d", i).isNotNull();
            assertThat(again.reason()).isEqualTo(DeadLetterReason.HTTP_ERROR);
            assertThat(again.httpStatus()).isEqualTo(status);
            assertThat(again.responseBody()).isEqualTo("oops");
            assertThat(again).hasMessage("HTTP " + status);
            assertThat(again.retryAfterMillis()).as("the redelivery's back-off").isNull();
            assertThat(RetryPolicy.cause(again)).isEqualTo(Integer.toString(status));
        }
        assertThat(attempt.made()).isEqualTo(5);
    }

    @Test
    void should_give_another_attempt_until_the_configured_attempts_were_made() {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));
        List<Boolean> another = new ArrayList<>();
        for (int made = 1; made <= 5; made++) {
            judged(policy, attempt, null, 503, null, null);
            another.add(policy.anotherAttempt(attempt));
        }

        assertThat(another).containsExactly(true, true, true, false, false);
    }

    @Test
    void should_ask_again_after_a_missing_reply_and_call_it_a_failed_fetch() {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));
        RetryableApiException again = judged(policy, attempt, new SocketTimeoutException("Read timed out"), null, null,
                null);
        assertThat(again).isNotNull();
        assertThat(again.reason()).isEqualTo(DeadLetterReason.FETCH_FAILED);
        assertThat(again).hasMessageEndingWith("SocketTimeoutException: Read timed out");
        assertThat(RetryPolicy.cause(again)).isEqualTo(RetryPolicy.NO_REPLY);
    }

    @Test
    void should_never_ask_again_for_a_reply_too_large_to_read() {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));
        DeadLetterException tooLarge = new DeadLetterException(DeadLetterReason.FETCH_FAILED, Stage.FETCH, "too large");

        assertThat(catchThrowableOfType(DeadLetterException.class,
                () -> policy.judge(attempt, tooLarge, null, null, null))).isSameAs(tooLarge);
        assertThat(requestsSentFor).as("the request was sent, its reply cut off").containsExactly(327105L);
    }

    @Test
    void should_tell_of_every_attempt_with_its_filter_whatever_the_answer() {
        Attempt page = new Attempt(new FetchRequest(327105, 100, 100, 0));
        Attempt byIds = new Attempt(FetchRequest.byIds(4242, List.of("5f22b0c8cff47e0001616f81")), true);

        judged(policy, page, null, 503, null, null);
        judged(policy, page, new ConnectException("Connection refused"), null, null, null);
        judged(policy, page, null, 200, null, null);
        judged(policy, byIds, null, 400, null, null);

        assertThat(requestsSentFor).containsExactly(327105L, 327105L, 327105L, 4242L);
    }

    @Test
    void should_name_every_retry_cause_it_can_report_in_its_list_of_causes() {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));
        List<RetryableApiException> retried = new ArrayList<>();
        for (int status : new int[] {429, 500, 502, 503, 504, 400, 200}) {
            retried.add(judged(policy, attempt, null, status, null, null));
        }
        retried.add(judged(policy, attempt, new ConnectException("Connection refused"), null, null, null));

        assertThat(retried.stream().filter(Objects::nonNull).map(RetryPolicy::cause))
                .containsExactlyElementsOf(RetryPolicy.CAUSES);
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 400, 401, 403, 404})
    void should_leave_any_other_answer_to_the_reply_check(int status) {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));

        assertThat(judged(policy, attempt, null, status, null, null)).isNull();

        assertThat(attempt.made()).isEqualTo(1);
    }

    @ParameterizedTest(name = "Retry-After ''{0}'', body {1} -> {2} ms")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "1                              | NULL                                                       | 1000",
        "3                              | {\"error\":{\"retry_after\":1}}                             | 3000",
        "Thu, 26 Nov 2026 10:00:02 GMT  | NULL                                                       | 2000",
        "Thu, 26 Nov 2026 09:59:00 GMT  | NULL                                                       | 0",
        "NULL                           | {\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\",\"retry_after\":2}} | 2000",
        "60                             | NULL                                                       | 5000",
        "soon                           | NULL                                                       | NULL"})
    void should_wait_what_a_429_asks_within_the_cap(String retryAfter, String body, Long delay) {
        Attempt attempt = new Attempt(new FetchRequest(327105, 100, 100, 0));

        RetryableApiException again = judged(policy, attempt, null, 429, retryAfter,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));

        assertThat(again).isNotNull();
        assertThat(again.retryAfterMillis()).as("null: the redelivery's back-off").isEqualTo(delay);
    }
}
