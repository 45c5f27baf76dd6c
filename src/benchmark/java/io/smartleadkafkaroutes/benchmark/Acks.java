package io.smartleadkafkaroutes.benchmark;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The send callback of the plain producers: keeps the first failure, so a lost record fails the run instead of speeding it up. */
final class Acks implements Callback {

    private final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    }

    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("a record was not acknowledged", failure.get());
        }
    }
}
