package io.smartleadkafkaroutes.dedup;

import java.util.List;

/**
 * A contact that left a filter: tombstones on {@code tombstoneTopics} when no configured filter holds it any
 * more ({@code remembered} null: it is forgotten), else none, and the memory keeps it for its other filters.
 */
public record Departure(String id, List<String> tombstoneTopics, RememberedContact remembered) {

    public MemoryWrite memoryWrite() {
        return new MemoryWrite(id, remembered);
    }

    /** Whether it left every configured filter, and so its topic. */
    public boolean leftEveryFilter() {
        return remembered == null;
    }
}
