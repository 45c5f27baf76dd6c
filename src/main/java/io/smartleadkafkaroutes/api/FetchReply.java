package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A checked {@code success:true} reply: one page of the selection, and what was asked for it. */
public record FetchReply(
        FetchRequest request,
        List<JsonNode> contacts,
        int totalCount,
        JsonNode metrics,
        Instant fetchedAt) {

    /** A page is equal only to itself: Camel hashes bodies it caches, and a record's hash would walk every contact. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
