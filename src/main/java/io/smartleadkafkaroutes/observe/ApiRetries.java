package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.api.RetryableApiException;
import io.smartleadkafkaroutes.retry.RetryPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Counts each retry of an API request by its cause, as Camel's redelivery is about to make it (its onRedelivery). */
public final class ApiRetries implements Processor {

    private final BundleMetrics metrics;

    public ApiRetries(BundleMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof RetryableApiException retryable) {
            metrics.httpRetry(RetryPolicy.cause(retryable));
        }
    }
}
