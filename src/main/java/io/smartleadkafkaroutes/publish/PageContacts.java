package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.PageEntry;
import io.smartleadkafkaroutes.model.ContactRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

/**
 * Splits a page into its contacts and gathers them back, routed, into the page (routes/prepare-page.camel.yaml):
 * the page's {@code split} and its aggregation strategy. A contact that did not come back routed was handled on its
 * way, as its own dead letter, and is left out of the page's transaction.
 */
public final class PageContacts implements AggregationStrategy {

    /** The page, with its entries to route: each contact id once, as the API has been seen to repeat rows. */
    public PreparedPage page(@Body FetchReply page) {
        List<PageEntry> entries = new ArrayList<>(page.rows().size());
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        for (int position = 0; position < page.rows().size(); position++) {
            String id = page.rows().id(position);
            if (id != null && !ids.add(id)) {
                duplicates++;
            } else {
                entries.add(new PageEntry(page, position));
            }
        }
        return new PreparedPage(page.request(), page.askedFor(), entries, duplicates);
    }

    /** The page's entries, each to be routed in its own exchange. */
    public List<PageEntry> entries(@Body PreparedPage page) {
        return page.entries();
    }

    /** A contact came back: routed, it joins its page, in page order (the split is sequential). */
    @Override
    public Exchange aggregate(Exchange gathered, Exchange contact, Exchange page) {
        if (contact.getException() != null) {
            // not handled on its way: the page fails, to be read again, rather than lose the contact
            page.setException(contact.getException());
        } else if (contact.getMessage().getBody() instanceof ContactRecord record
                && !Boolean.TRUE.equals(contact.getExchangeExtension().getErrorHandlerHandled())) {
            // else its dead letter was sent on its way (the body then is the dead letter)
            page.getMessage().getBody(PreparedPage.class).add(new PreparedContact(record,
                    contact.getMessage().getHeader(ContactTopics.TOPIC, String.class)));
        }
        return page;
    }

    /** The page is split: it waits for its transaction without the JSON it was read as. */
    @Override
    public void onCompletion(Exchange gathered, Exchange page) {
        page.getMessage().getBody(PreparedPage.class).entriesRouted();
    }

    @Override
    public Exchange aggregate(Exchange gathered, Exchange contact) {
        throw new UnsupportedOperationException("a page's contacts are gathered into the page exchange");
    }
}
