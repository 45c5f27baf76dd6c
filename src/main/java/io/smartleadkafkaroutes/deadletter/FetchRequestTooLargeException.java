package io.smartleadkafkaroutes.deadletter;

/** The ids of a fetch request beyond smartlead.fetch-requests.max-ids; raised by the routes' {@code throwException}. */
public final class FetchRequestTooLargeException extends DeadLetterException {

    public FetchRequestTooLargeException(String message) {
        super(DeadLetterReason.FETCH_REQUEST_TOO_LARGE, Stage.PARSE, message);
    }
}
