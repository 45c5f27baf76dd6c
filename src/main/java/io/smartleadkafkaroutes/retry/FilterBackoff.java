package io.smartleadkafkaroutes.retry;

import io.smartleadkafkaroutes.model.DeadLetterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs off polling of a filter whose requests the API refuses as unauthorised (HTTP 401/403): a wrong
 * key stays wrong, and hammering the API with it helps nobody. The pause doubles with each refusal in
 * a row, up to a maximum, and ends with the first poll that gets through.
 */
public final class FilterBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(FilterBackoff.class);

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final Map<Long, Pause> paused = new ConcurrentHashMap<>();

    private record Pause(int refusals, Instant until) {
    }

    public FilterBackoff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Whether the filter may be polled now. */
    public boolean due(@Body long filterId) {
        Pause pause = paused.get(filterId);
        if (pause == null || !clock.instant().isBefore(pause.until())) {
            return true;
        }
        LOG.info("Filter {}: not polled until {} (the API refused the key)", filterId, pause.until());
        return false;
    }

    /** Notes a dead letter of the filter; only an authorisation refusal starts or lengthens a pause. */
    public void failed(@ExchangeProperty("filterId") Long filterId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        Integer status = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeadLetterException deadLetter) {
                status = deadLetter.httpStatus();
                break;
            }
        }
        if (filterId == null || status == null || (status != 401 && status != 403)) {
            return;
        }
        Pause pause = paused.merge(filterId, new Pause(1, Instant.MIN),
                (old, first) -> new Pause(old.refusals() + 1, Instant.MIN));
        Duration wait = initial.multipliedBy(1L << Math.min(pause.refusals() - 1, 20));
        wait = wait.compareTo(max) > 0 ? max : wait;
        paused.put(filterId, new Pause(pause.refusals(), clock.instant().plus(wait)));
        LOG.error("SmartLead refused the API key (HTTP {}) for filter {}: check that SMARTLEAD_API_KEY holds a valid"
                + " SmartLead API key. Polling of this filter pauses for {}.", status, filterId, wait);
    }

    /** The filters whose key the API refused, and until when each is paused; empty when none. */
    public Map<Long, Instant> refusedFilters() {
        Map<Long, Instant> refused = new TreeMap<>();
        paused.forEach((filterId, pause) -> refused.put(filterId, pause.until()));
        return refused;
    }

    /** A poll of the filter got through: no pause any more. */
    public void succeeded(@ExchangeProperty("filterId") long filterId) {
        paused.remove(filterId);
    }
}
