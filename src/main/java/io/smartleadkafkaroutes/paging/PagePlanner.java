package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.model.Attempt;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.Running;
import io.smartleadkafkaroutes.publish.PreparedPage;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;

/**
 * Starts a {@link PageCursor} per poll of a filter with the configured limit and page size, and moves the
 * cursor of the filter's poll (the {@code filterPoll} property) on.
 */
public final class PagePlanner {

    private final int limit;
    private final int pageSize;
    private final int fetchConcurrency;

    /** {@code fetchConcurrency}: how many pages of a filter are asked for at the same time. */
    public PagePlanner(int limit, int pageSize, int fetchConcurrency) {
        this.limit = limit;
        this.pageSize = pageSize;
        this.fetchConcurrency = fetchConcurrency;
    }

    /** A new walk through the filter's pages, at the first page. */
    public PageCursor cursor(long filterId) {
        return new PageCursor(filterId, limit, pageSize);
    }

    /**
     * Moves the walk on: the next round of page requests, each to be attempted; none once the application stops,
     * so a stop ends the poll after the pages in hand.
     */
    public List<Attempt> nextRound(@ExchangeProperty("filterPoll") FilterPoll poll, CamelContext context) {
        return Running.running(context)
                ? poll.cursor().nextRequests(fetchConcurrency).stream().map(request -> new Attempt(request, poll.resync()))
                        .toList()
                : List.of();
    }

    public void pageRead(@ExchangeProperty("filterPoll") FilterPoll poll, @Body FetchReply reply) {
        poll.cursor().pageRead(reply);
    }

    /** Whether a page of the round just fetched could not be read: then the walk ends. */
    public boolean roundIncomplete(@ExchangeProperty("filterPoll") FilterPoll poll) {
        return poll.cursor().roundIncomplete();
    }

    /**
     * The pages in hand: those of the round just fetched, to be prepared, and those prepared meanwhile, to be
     * published; each in offset order.
     */
    public PagesInHand takePages(@ExchangeProperty("filterPoll") FilterPoll poll) {
        return new PagesInHand(poll.cursor().takePages(), poll.cursor().takePrepared());
    }

    /** Whether there are pages in hand, i.e. whether the walk goes on. */
    public boolean anyPages(@Body PagesInHand pages) {
        return pages.any();
    }

    /** A page read was split into its contacts: it is published in the next round. */
    public void pagePrepared(@ExchangeProperty("filterPoll") FilterPoll poll, @Body PreparedPage page) {
        poll.cursor().pagePrepared(page);
    }

    /**
     * Whether a page prepared is to be published: not once an earlier page of the poll could not be published, nor
     * when it was read in the round in which a page could not be read; by id, always.
     */
    public boolean publishing(@ExchangeProperty("filterPoll") FilterPoll poll, @Body PreparedPage page) {
        return poll == null || poll.cursor().publishes(page.offset());
    }

    /**
     * Whether the poll read the filter's whole selection, so that a contact it did not return has left the
     * filter's saved search: see {@link PageCursor#notWholeSelection()}.
     */
    public boolean wholeSelection(@ExchangeProperty("filterPoll") FilterPoll poll) {
        return poll.cursor().notWholeSelection().isEmpty();
    }

    /** Every contact id the poll read. */
    public Set<String> seen(@ExchangeProperty("filterPoll") FilterPoll poll) {
        return poll.cursor().seen();
    }

    /** Every page of the filter's selection was read. */
    public boolean complete(@ExchangeProperty("filterPoll") FilterPoll poll) {
        return poll.cursor().complete();
    }

    /** The walk ends: a page of the round just fetched could not be read; that round waits for the next poll. */
    public void stopWalk(@ExchangeProperty("filterPoll") FilterPoll poll) {
        poll.cursor().stop();
    }

    /**
     * The walk ends: a page could not be published; the pages after it wait for the next poll. {@code poll} is
     * null for contacts fetched by id, which have no walk.
     */
    public void stopPublishing(@ExchangeProperty("filterPoll") FilterPoll poll) {
        if (poll != null) {
            poll.cursor().stopPublishing();
        }
    }
}
