package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.model.PageEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A page on its way to its transaction: the request it answered, its entries (each contact id once), and the
 * contacts routed so far, gathered back from their own exchanges in page order. An entry that did not come back
 * routed became its own dead letter; how many rows repeated an id already on the page is kept for the poll's
 * counts.
 */
public final class PreparedPage {

    private final FetchRequest request;
    private final boolean askedFor;
    private final List<PageEntry> entries;
    private final List<PreparedContact> records;
    private final int duplicates;

    public PreparedPage(FetchRequest request, boolean askedFor, List<PageEntry> entries, int duplicates) {
        this.request = request;
        this.askedFor = askedFor;
        this.entries = entries;
        this.records = new ArrayList<>(entries.size());
        this.duplicates = duplicates;
    }

    /** The entries to route, each on its own: the page's rows less the repeats. */
    public List<PageEntry> entries() {
        return entries;
    }

    /** A contact of the page came back routed. */
    public void add(PreparedContact routed) {
        records.add(routed);
    }

    public long filterId() {
        return request.filterId();
    }

    public int offset() {
        return request.visualOffset();
    }

    /** The rows the page held: entries (routed or dead letters) and repeats. */
    public int rows() {
        return entries.size() + duplicates;
    }

    /** Contacts fetched by id or resynchronised are published even if unchanged. */
    public boolean askedFor() {
        return askedFor;
    }

    /** The routed contacts, in page order. */
    public List<PreparedContact> records() {
        return records;
    }

    public int duplicates() {
        return duplicates;
    }
}
