package io.smartleadkafkaroutes.deadletter;

/** A record on the fetch-request topic that cannot be read as a request; raised by the routes' {@code throwException}. */
public final class UnreadableRequestException extends DeadLetterException {

    public UnreadableRequestException(String message) {
        super(DeadLetterReason.INVALID_REQUEST, Stage.PARSE, message);
    }
}
