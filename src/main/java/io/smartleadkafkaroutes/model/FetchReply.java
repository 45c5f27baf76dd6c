package io.smartleadkafkaroutes.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A checked {@code success:true} reply: one page of the selection, and what was asked for it. A class
 * equal only to itself, not a record: Camel hashes the bodies it calls methods on, and a record's hash
 * would walk every contact of the page.
 */
public final class FetchReply {

    private final FetchRequest request;
    private final PageRows rows;
    private final int totalCount;
    private final JsonNode metrics;
    private final Instant fetchedAt;
    private final boolean askedFor;

    public FetchReply(FetchRequest request, PageRows rows, int totalCount, JsonNode metrics,
            Instant fetchedAt) {
        this(request, rows, totalCount, metrics, fetchedAt, false);
    }

    private FetchReply(FetchRequest request, PageRows rows, int totalCount, JsonNode metrics,
            Instant fetchedAt, boolean askedFor) {
        this.request = request;
        this.rows = rows;
        this.totalCount = totalCount;
        this.metrics = metrics;
        this.fetchedAt = fetchedAt;
        this.askedFor = askedFor;
    }

    /** The same page, its contacts {@code askedFor} by id or by a resync (or not): then published even if unchanged. */
    public FetchReply withAskedFor(boolean askedFor) {
        return askedFor == this.askedFor ? this : new FetchReply(request, rows, totalCount, metrics, fetchedAt, askedFor);
    }

    /** Whether its contacts were asked for by id or by a resync, so that they are published even if unchanged. */
    public boolean askedFor() {
        return askedFor;
    }

    public FetchRequest request() {
        return request;
    }

    public PageRows rows() {
        return rows;
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
