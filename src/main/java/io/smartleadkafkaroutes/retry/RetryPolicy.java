package io.smartleadkafkaroutes.retry;

import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.api.RetryableApiException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * Judges each attempt at an API request, for the redeliveryPolicy of the routeConfiguration
 * (routes/error-handling.camel.yaml), which waits and calls the API again: connection failures, timeouts
 * and HTTP 500/502/503/504 raise a {@link RetryableApiException} (Camel backs off exponentially with
 * jitter); HTTP 429 too, with what {@code Retry-After} (seconds or HTTP date) or the body's
 * {@code retry_after} says, capped, as the {@code CamelRedeliveryDelay} header, which Camel waits instead.
 * Every other answer is final and left to the reply check. Camel's redelivery makes another attempt while
 * {@link #anotherAttempt} says so (its retryWhile: at most smartlead.api.retry.max-attempts in all); when they run
 * out, the page becomes a dead letter.
 */
public final class RetryPolicy {

    private static final List<Integer> TRANSIENT = List.of(500, 502, 503, 504);
    private static final Pattern BODY_RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*\"?(\\d+)");
    static final String NO_REPLY = "no-reply";
    /** Every cause {@link #cause} can give: each HTTP status retried, or no reply. */
    public static final List<String> CAUSES = Stream.concat(
            Stream.concat(Stream.of(429), TRANSIENT.stream()).map(String::valueOf), Stream.of(NO_REPLY)).toList();

    /** The exchange property of the request in flight and its attempts. */
    public static final String ATTEMPT = "apiRequest";

    private final int maxAttempts;
    private final long maxRetryAfterMillis;
    private final Clock clock;
    private final LongConsumer sent;

    /**
     * {@code maxAttempts}: smartlead.api.retry.max-attempts, the one retry budget of a request; {@code sent} hears of
     * every attempt judged, with the filter id of its request.
     */
    public RetryPolicy(int maxAttempts, Duration maxRetryAfter, Clock clock, LongConsumer sent) {
        this.maxAttempts = maxAttempts;
        this.maxRetryAfterMillis = maxRetryAfter.toMillis();
        this.clock = clock;
        this.sent = sent;
    }

    /** Whether the request that just failed in a way worth trying again gets another attempt: the redelivery's retryWhile. */
    public boolean anotherAttempt(@ExchangeProperty(ATTEMPT) Attempt attempt) {
        return attempt.made() < maxAttempts;
    }

    /** Why an attempt is tried again, as the retry metric names it: the HTTP status, or {@code no-reply}. */
    public static String cause(RetryableApiException retryable) {
        return retryable.httpStatus() == null ? NO_REPLY : Integer.toString(retryable.httpStatus());
    }

    /** The request of the attempt, the body to send. */
    public FetchRequest request(@ExchangeProperty(ATTEMPT) Attempt attempt) {
        return attempt.request();
    }

    /** No reply at all to the attempt (refused, reset, timed out, past the deadline) or one too large to read. */
    public void noReply(@ExchangeProperty(ATTEMPT) Attempt attempt,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        attempt.failed(failure);
    }

    /**
     * Judges the attempt just made: its failure when no reply came, else the reply. A retryable failure that
     * names a wait (a 429's Retry-After) sets it as the {@code CamelRedeliveryDelay} header for Camel.
     */
    public void judge(@ExchangeProperty(ATTEMPT) Attempt attempt, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Header("Retry-After") String retryAfter, @Body byte[] body, Message message) {
        try {
            judge(attempt, attempt.takeFailure(), status, retryAfter, body);
        } catch (RetryableApiException again) {
            if (again.retryAfterMillis() != null) {
                message.setHeader(Exchange.REDELIVERY_DELAY, again.retryAfterMillis());
            }
            throw again;
        }
    }

    /**
     * Judges one request: {@code failure} when no reply came (or one too large to read, a dead letter
     * already: final), else the reply's status, its {@code Retry-After} header and body. Returns when the
     * answer is worth reading; throws a {@link RetryableApiException} to be tried again.
     */
    void judge(Attempt attempt, Throwable failure, Integer status, String retryAfter, byte[] body) {
        attempt.counted();
        sent.accept(attempt.request().filterId());
        String problem;
        Long waitFor = null;
        if (failure != null) {
            if (!(failure instanceof IOException)) {
                throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            }
            problem = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        } else if (status != null && status == 429) {
            problem = "HTTP 429 Too Many Requests";
            waitFor = retryAfterMillis(retryAfter, body);
        } else if (status != null && TRANSIENT.contains(status)) {
            problem = "HTTP " + status;
        } else {
            return;
        }
        DeadLetterReason reason = failure == null ? DeadLetterReason.HTTP_ERROR : DeadLetterReason.FETCH_FAILED;
        String responseBody = body == null ? null : new String(body, StandardCharsets.UTF_8);
        throw new RetryableApiException(reason, problem, status, responseBody, waitFor);
    }

    /** What the server asked for, capped; null when it did not say. */
    Long retryAfterMillis(String header, byte[] body) {
        Long asked = null;
        if (header != null && !header.isBlank()) {
            String value = header.strip();
            if (value.chars().allMatch(Character::isDigit)) {
                asked = Long.parseLong(value) * 1000;
            } else {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    asked = Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis());
                } catch (DateTimeParseException notADate) {
                    // an unreadable header: fall back to the body, then to backoff
                }
            }
        }
        if (asked == null && body != null) {
            Matcher matcher = BODY_RETRY_AFTER.matcher(new String(body, StandardCharsets.UTF_8));
            if (matcher.find()) {
                asked = Long.parseLong(matcher.group(1)) * 1000;
            }
        }
        return asked == null ? null : Math.min(asked, maxRetryAfterMillis);
    }
}
