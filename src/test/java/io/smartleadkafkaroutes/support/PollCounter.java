package io.smartleadkafkaroutes.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Counts finished polls (exchanges of the poll-filters route), so tests wait for work instead of sleeping. */
public final class PollCounter extends EventNotifierSupport {

    private final AtomicInteger done = new AtomicInteger();
    private volatile Instant lastEnded;

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        // split copies share the route id; only the timer's own exchange is a poll
        boolean copy = exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) != null;
        if ("poll-filters".equals(exchange.getFromRouteId()) && !copy) {
            lastEnded = Instant.now();
            done.incrementAndGet();
        }
    }

    public int polls() {
        return done.get();
    }

    /** When the last poll ended: its last page's transaction was committed by then. */
    public Instant lastEnded() {
        return lastEnded;
    }

    /** Waits until at least {@code polls} polls have finished, at most {@code timeout}. */
    public void await(int polls, Duration timeout) {
        Eventually.until(() -> done.get() >= polls, timeout, () -> "only " + done.get() + " of " + polls + " polls finished");
    }
}
