package io.smartleadkafkaroutes.publish;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a record Kafka refuses for what it is (too large for the producer or the broker, unserialisable,
 * invalid), which would be refused again and so becomes a dead letter, from a send that failed for want of
 * a broker, which the next poll makes again.
 */
public final class RecordRefusals {

    /** Whether the failure caught, or one of its causes, is Kafka refusing the record itself. */
    public boolean refused(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught) {
        return isRefusal(caught);
    }

    public static boolean isRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof SerializationException || cause instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }
}
