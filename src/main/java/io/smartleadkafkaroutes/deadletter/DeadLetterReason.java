package io.smartleadkafkaroutes.deadletter;

/** Why something could not become a contact record; the value of a dead-letter record's {@code reason}. */
public enum DeadLetterReason {
    /** HTTP 200 with {@code success:false}: limit or credit checks refused the fetch. */
    API_REJECTED("api-rejected"),
    /** Any HTTP status other than 200. */
    HTTP_ERROR("http-error"),
    /** HTTP 200 whose body is not a readable fetch-contacts reply. */
    MALFORMED_RESPONSE("malformed-response"),
    /** No reply at all: connection refused or reset, timeout. */
    FETCH_FAILED("fetch-failed"),
    /** A reply larger than {@code smartlead.api.max-reply-bytes}: cut off, not asked for again. */
    REPLY_TOO_LARGE("reply-too-large"),
    /** One entry of {@code data.list} that cannot be a contact record. */
    INVALID_CONTACT("invalid-contact"),
    /** A contact the route files gave no topic, or a topic no {@code smartlead.topics.*} setting declares. */
    UNROUTED("unrouted"),
    /** A contact record Kafka refused for what it is (larger than the producer or broker takes, unserialisable). */
    RECORD_REFUSED("record-refused"),
    /** A record on the fetch-request topic that cannot be read as a request (kept as responseBody). */
    INVALID_REQUEST("invalid-request"),
    /** The ids of a fetch request beyond {@code smartlead.fetch-requests.max-ids} (kept as the request). */
    FETCH_REQUEST_TOO_LARGE("fetch-request-too-large");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason of this code, as a dead letter's header names it. */
    public static DeadLetterReason ofCode(String code) {
        for (DeadLetterReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("no dead-letter reason " + code);
    }
}
