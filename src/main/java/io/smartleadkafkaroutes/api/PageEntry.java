package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a page's {@code data.list}, the body of its own exchange while it is enriched and routed: the
 * entry as the API sent it, the page it came with and its position there. A class equal only to itself, for
 * the reason {@link FetchReply} gives.
 */
public final class PageEntry {

    private final JsonNode contact;
    private final FetchReply page;
    private final int position;

    public PageEntry(JsonNode contact, FetchReply page, int position) {
        this.contact = contact;
        this.page = page;
        this.position = position;
    }

    /** The entry as the API sent it. */
    public JsonNode contact() {
        return contact;
    }

    public FetchReply page() {
        return page;
    }

    /** Its index in the page's {@code data.list}. */
    public int position() {
        return position;
    }
}
