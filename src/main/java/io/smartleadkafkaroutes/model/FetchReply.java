package io.smartleadkafkaroutes.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A checked {@code success:true} reply: one page of the selection, and what was asked for it. A class
 * equal only to itself, not a record: Camel hashes the bodies it calls methods on, and a record's hash
 * would walk every contact of the page.
 */
public final class FetchReply {

    private final FetchRequest request;
    private final List<JsonNode> contacts;
    private final int totalCount;
    private final JsonNode metrics;
    private final Instant fetchedAt;

    public FetchReply(FetchRequest request, List<JsonNode> contacts, int totalCount, JsonNode metrics,
            Instant fetchedAt) {
        this.request = request;
        this.contacts = contacts;
        this.totalCount = totalCount;
        this.metrics = metrics;
        this.fetchedAt = fetchedAt;
    }

    public FetchRequest request() {
        return request;
    }

    public List<JsonNode> contacts() {
        return contacts;
    }

    public int totalCount() {
        return totalCount;
    }

    public JsonNode metrics() {
        return metrics;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }
}
