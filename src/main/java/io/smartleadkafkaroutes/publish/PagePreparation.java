package io.smartleadkafkaroutes.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.retry.Attempt;
import io.smartleadkafkaroutes.retry.PendingRechecks;
import io.smartleadkafkaroutes.retry.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Turns one page into records: each contact enriched and classified, noted for a re-check when pending;
 * an entry that cannot become a record is set apart with its reason. A whole page at a time, because
 * per-contact routing steps cost more than the work itself; each contact still keeps its own outcome.
 */
public final class PagePreparation {

    private final ContactEnricher enricher;
    private final PendingRechecks pendingRechecks;

    public PagePreparation(ContactEnricher enricher, PendingRechecks pendingRechecks) {
        this.enricher = enricher;
        this.pendingRechecks = pendingRechecks;
    }

    /**
     * One entry of the page: its record, or the entry itself and why it cannot become one. A record keeps
     * no tree of JSON nodes, so that a page in hand is its records only. A class equal only to itself, not
     * a record, for the reason {@link FetchReply} gives.
     */
    public static final class PreparedContact {

        private static final ObjectMapper READER = new ObjectMapper();

        private final JsonNode contact;
        private final ContactRecord record;
        private final RuntimeException failure;

        public PreparedContact(JsonNode contact, ContactRecord record, RuntimeException failure) {
            this.contact = contact;
            this.record = record;
            this.failure = failure;
        }

        /** For its dead letter: the entry as the API sent it, or, for a record Kafka refused, the record's value. */
        public JsonNode contact() {
            if (contact != null) {
                return contact;
            }
            try {
                return READER.readTree(record.value());
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }

        ContactRecord record() {
            return record;
        }

        /** The same entry, refused by Kafka for what it is. */
        PreparedContact refused(RuntimeException refusal) {
            return new PreparedContact(contact, record, refusal);
        }
    }

    /**
     * The page after preparation: the request it answered, its records in page order, the entries that
     * cannot become records, how many rows repeated an id already on the page, and every contact id it held.
     */
    public static final class PreparedPage {

        private final FetchRequest request;
        private final boolean askedFor;
        private final List<PreparedContact> records;
        private final List<PreparedContact> invalid;
        private final int duplicates;
        private final Set<String> contactIds;

        public PreparedPage(FetchRequest request, boolean askedFor, List<PreparedContact> records,
                List<PreparedContact> invalid, int duplicates, Set<String> contactIds) {
            this.request = request;
            this.askedFor = askedFor;
            this.records = records;
            this.invalid = invalid;
            this.duplicates = duplicates;
            this.contactIds = contactIds;
        }

        /** Every contact id the page held, records or not: a contact whose entry is broken has not left its filter. */
        public Set<String> contactIds() {
            return contactIds;
        }

        public long filterId() {
            return request.filterId();
        }

        public int offset() {
            return request.visualOffset();
        }

        /** The rows the page held: records, entries that cannot be records, and repeats. */
        public int rows() {
            return records.size() + invalid.size() + duplicates;
        }

        /** Contacts fetched by id are published even if unchanged. */
        public boolean askedFor() {
            return askedFor;
        }

        public List<PreparedContact> records() {
            return records;
        }

        /** Entries that cannot become records, each with its reason. */
        public List<PreparedContact> invalid() {
            return invalid;
        }

        public int duplicates() {
            return duplicates;
        }
    }

    /**
     * The page's records; {@code askedFor}: contacts fetched by id or resynchronised, published even if unchanged. An id the page already had is kept
     * once: the API has been seen to repeat rows within a page.
     */
    public PreparedPage prepare(@Body FetchReply page, @ExchangeProperty("pollId") String pollId,
            @ExchangeProperty(RetryPolicy.ATTEMPT) Attempt request) {
        return prepare(page, pollId, request != null && request.askedFor());
    }

    PreparedPage prepare(FetchReply page, String pollId, Boolean askedFor) {
        List<PreparedContact> records = new ArrayList<>(page.contacts().size());
        List<PreparedContact> invalid = new ArrayList<>();
        Set<String> idsOnPage = new HashSet<>();
        int duplicates = 0;
        for (int position = 0; position < page.contacts().size(); position++) {
            JsonNode contact = page.contacts().get(position);
            JsonNode id = contact.path("id");
            if (id.isTextual() && !idsOnPage.add(id.asText())) {
                duplicates++;
                continue;
            }
            try {
                ContactRecord record = enricher.enrich(contact, page, pollId, position);
                pendingRechecks.track(record);
                records.add(new PreparedContact(null, record, null));
            } catch (DeadLetterException broken) {
                invalid.add(new PreparedContact(contact, null, broken));
            }
        }
        return new PreparedPage(page.request(), Boolean.TRUE.equals(askedFor), records, invalid, duplicates, idsOnPage);
    }

    /** The page's entries that cannot become records, each to become its own dead letter. */
    public List<PreparedContact> invalid(@Body PreparedPage page) {
        return page.invalid();
    }

    /** Raises why the entry cannot be published, in the entry's own exchange, so that it gets its own dead letter. */
    public void raise(@Body PreparedContact unpublishable) {
        throw unpublishable.failure;
    }
}
