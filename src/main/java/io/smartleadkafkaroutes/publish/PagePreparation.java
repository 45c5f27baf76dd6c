package io.smartleadkafkaroutes.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.retry.PendingRechecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one page into what is to be sent: each contact enriched and classified, noted for a re-check
 * when pending, and kept only when consumers would see something new. A whole page at a time, because
 * per-contact routing steps cost more than the work itself; each contact still keeps its own outcome.
 */
public final class PagePreparation {

    private final ContactEnricher enricher;
    private final PendingRechecks pendingRechecks;
    private final PublishedContacts publishedContacts;

    public PagePreparation(ContactEnricher enricher, PendingRechecks pendingRechecks,
            PublishedContacts publishedContacts) {
        this.enricher = enricher;
        this.pendingRechecks = pendingRechecks;
        this.publishedContacts = publishedContacts;
    }

    /**
     * One entry of the page: its record to send, or why it cannot become one. A class equal only to
     * itself, not a record, for the reason {@link FetchReply} gives.
     */
    public static final class PreparedContact {

        private final JsonNode contact;
        private final ContactRecord record;
        private final DeadLetterException failure;

        PreparedContact(JsonNode contact, ContactRecord record, DeadLetterException failure) {
            this.contact = contact;
            this.record = record;
            this.failure = failure;
        }

        /** The entry as the API sent it. */
        public JsonNode contact() {
            return contact;
        }
    }

    /**
     * The page after preparation: the contacts to send, in page order, and how many were left out as
     * unchanged or as repeats of an id already on the page.
     */
    public static final class PreparedPage {

        private final long filterId;
        private final List<PreparedContact> toSend;
        private final int unchanged;
        private final int duplicates;

        PreparedPage(long filterId, List<PreparedContact> toSend, int unchanged, int duplicates) {
            this.filterId = filterId;
            this.toSend = toSend;
            this.unchanged = unchanged;
            this.duplicates = duplicates;
        }

        public long filterId() {
            return filterId;
        }

        public List<PreparedContact> toSend() {
            return toSend;
        }

        public int unchanged() {
            return unchanged;
        }

        public int duplicates() {
            return duplicates;
        }
    }

    /**
     * The page's contacts to send; {@code askedFor}: contacts fetched by id are sent even if unchanged.
     * An id the page already had is sent once: the API has been seen to repeat rows within a page.
     */
    public PreparedPage prepare(FetchReply page, String pollId, Boolean askedFor) {
        // polls wait for the memory before asking the API; contacts fetched by id may come sooner
        if (!publishedContacts.awaitLoaded()) {
            throw new IllegalStateException("Stopping before the memory of published contacts was read: nothing"
                    + " is published without it");
        }
        List<PreparedContact> toSend = new ArrayList<>(page.contacts().size());
        Set<String> idsOnPage = new HashSet<>();
        int unchanged = 0;
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
                if (publishedContacts.shouldPublish(record, askedFor)) {
                    toSend.add(new PreparedContact(contact, record, null));
                } else {
                    unchanged++;
                }
            } catch (DeadLetterException broken) {
                toSend.add(new PreparedContact(contact, null, broken));
            }
        }
        return new PreparedPage(page.request().filterId(), toSend, unchanged, duplicates);
    }

    /** The record to send; a broken entry fails here, in its own exchange, and so gets its own dead letter. */
    public ContactRecord recordOf(PreparedContact prepared) {
        if (prepared.failure != null) {
            throw prepared.failure;
        }
        return prepared.record;
    }
}
