package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;

/**
 * An attempt at an API request failed in a way worth trying again (no reply, HTTP 429/500/502/503/504): the
 * routeConfiguration's redelivery calls the API again. It carries the reason, status and body of the failure,
 * so that when Camel stops redelivering (the attempts ran out, the application stops) the dead letter says what
 * went wrong.
 */
public final class RetryableApiException extends DeadLetterException {

    private final Long retryAfterMillis;

    public RetryableApiException(DeadLetterReason reason, String message, Integer httpStatus, String responseBody,
            Long retryAfterMillis) {
        super(reason, Stage.FETCH, message, httpStatus, responseBody);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** How long the server asked to wait (a 429's Retry-After, capped); null: the redeliveryPolicy's back-off. */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
