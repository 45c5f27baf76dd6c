package io.smartleadkafkaroutes.publish;

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

    private RecordRefusals() {
    }

    /** Whether the failure, or one of its causes, is Kafka refusing the record itself. */
    public static boolean isRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (refuses(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this very failure, whatever its causes, is Kafka refusing the record itself. */
    static boolean refuses(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof SerializationException || failure instanceof InvalidRecordException;
    }
}
