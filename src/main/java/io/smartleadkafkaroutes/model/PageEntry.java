package io.smartleadkafkaroutes.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a page's {@code data.list}, the body of its own exchange while it is enriched and routed: the
 * page it came with and its position there. A class equal only to itself, for the reason {@link FetchReply}
 * gives.
 */
public final class PageEntry {

    private final FetchReply page;
    private final int position;

    public PageEntry(FetchReply page, int position) {
        this.page = page;
        this.position = position;
    }

    /** The entry as the API sent it, read afresh: the caller may change it. */
    public JsonNode contact() {
        return page.rows().entry(position);
    }

    public FetchReply page() {
        return page;
    }

    /** Its index in the page's {@code data.list}. */
    public int position() {
        return position;
    }
}
