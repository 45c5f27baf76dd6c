package io.smartleadkafkaroutes.model;

import java.time.Instant;

/** A dead-letter record ready to publish: its JSON value and what its headers say. */
public record DeadLetterRecord(DeadLetterReason reason, Stage stage, String message, String exceptionClass,
        Integer httpStatus, Integer attempts, Long filterId, String pollId, Instant failedAt, byte[] value) {

    /** For the log: the reason and the message (scrubbed of the key), never the value. */
    @Override
    public String toString() {
        return "reason " + reason.code() + ": " + message;
    }
}
