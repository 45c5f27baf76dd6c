package io.smartleadkafkaroutes.model;

/** Raised by the beans when data cannot become contact records; the routes send it to the dead-letter topic. */
public class DeadLetterException extends RuntimeException {

    private final DeadLetterReason reason;
    private final Stage stage;
    private final Integer httpStatus;
    private final String responseBody;

    public DeadLetterException(DeadLetterReason reason, Stage stage, String message, Integer httpStatus,
            String responseBody) {
        super(message);
        this.reason = reason;
        this.stage = stage;
        this.httpStatus = httpStatus;
        this.responseBody = responseBody;
    }

    public DeadLetterException(DeadLetterReason reason, Stage stage, String message) {
        this(reason, stage, message, null, null);
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public Stage stage() {
        return stage;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public String responseBody() {
        return responseBody;
    }
}
