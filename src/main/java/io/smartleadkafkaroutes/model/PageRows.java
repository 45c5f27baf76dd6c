package io.smartleadkafkaroutes.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * The entries of a page's {@code data.list} as the API sent them: the reply's bytes, where in them each entry
 * lies, and each entry's {@code id} where it is a string. A page waits for its turn as these bytes, a fraction
 * of its size as a JSON tree; each entry becomes a tree only in its own exchange, for as long as that takes.
 */
public final class PageRows {

    private final byte[] reply;
    private final int[] bounds;
    private final String[] ids;
    private final ObjectReader entryReader;

    /**
     * {@code bounds}: each entry's first byte and the byte after its last, in {@code reply}; {@code ids}: each
     * entry's {@code id} field, or null where the entry is no object or its id no string; {@code entryReader}:
     * how the reply was read, so that an entry reads as it did then.
     */
    public PageRows(byte[] reply, int[] bounds, String[] ids, ObjectReader entryReader) {
        this.reply = reply;
        this.bounds = bounds;
        this.ids = ids;
        this.entryReader = entryReader;
    }

    public int size() {
        return ids.length;
    }

    /** The entry's id, or null when it is no object or its id no string. */
    public String id(int position) {
        return ids[position];
    }

    /** The entry, read as JSON: a tree of its own, which the caller may change. */
    public JsonNode entry(int position) {
        try {
            return entryReader.readTree(reply, bounds[2 * position], bounds[2 * position + 1] - bounds[2 * position]);
        } catch (IOException unreadable) {
            // the whole reply was read as JSON, these bytes included, before the page was accepted
            throw new IllegalStateException("entry " + position + " of an accepted page is not JSON", unreadable);
        }
    }
}
