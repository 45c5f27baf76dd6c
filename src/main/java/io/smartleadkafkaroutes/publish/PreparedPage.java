package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.model.ContactRecord;
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
    private List<PageEntry> entries;
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

    /** Every entry came back, routed or as a dead letter: the page no longer holds the JSON it was read as. */
    public void entriesRouted() {
        entries = List.of();
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

    /** Contacts fetched by id or resynchronised are published even if unchanged. */
    public boolean askedFor() {
        return askedFor;
    }

    /** The routed contacts' records, in page order. */
    public List<ContactRecord> contacts() {
        return records.stream().map(PreparedContact::record).toList();
    }

    /** The routed contacts, in page order. */
    public List<PreparedContact> records() {
        return records;
    }

    public int duplicates() {
        return duplicates;
    }
}
