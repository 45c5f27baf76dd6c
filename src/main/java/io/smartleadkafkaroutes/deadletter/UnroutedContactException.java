package io.smartleadkafkaroutes.deadletter;

/**
 * A contact the route files gave no topic, or one no setting declares; raised by the routes' {@code throwException},
 * so the contact becomes its own dead letter instead of being published anywhere unexpected.
 */
public final class UnroutedContactException extends DeadLetterException {

    public UnroutedContactException(String message) {
        super(DeadLetterReason.UNROUTED, Stage.ROUTE, message);
    }
}
