package io.smartleadkafkaroutes.deadletter;

/** A dead-letter record ready to publish: its JSON value and what its headers say. */
public record DeadLetterRecord(DeadLetterReason reason, Stage stage, String message, Long filterId, String pollId,
        byte[] value) {
}
