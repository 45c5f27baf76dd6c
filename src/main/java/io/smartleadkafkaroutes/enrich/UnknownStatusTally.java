package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.EmailStatus;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the raw status values that routed contacts to {@code unknown}, and says once per new value
 * how to give it a category, so an API change shows up instead of quietly filling the unknown topic.
 */
public final class UnknownStatusTally {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownStatusTally.class);
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(Classification classification) {
        if (classification.status() != EmailStatus.UNKNOWN) {
            return;
        }
        String key = classification.field() == null ? "(no status field)"
                : classification.field() + "=" + classification.rawValue();
        counts.computeIfAbsent(key, first -> {
            LOG.warn("Contacts with {} go to the unknown topic; to route them, add the value to a"
                    + " smartlead.status.values.<category> setting", first);
            return new LongAdder();
        }).increment();
    }

    /** Raw value to number of contacts routed to unknown since start. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((value, count) -> snapshot.put(value, count.sum()));
        return snapshot;
    }
}
