package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.publish.PreparedPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks one filter's selection in rounds of pages: offsets 0, page-size, 2 x page-size, ... while the
 * offset is below the selection size, which is {@code total_count} capped by the limit. Before the
 * first reply the size is unknown, so the first round is the first page alone. The pages of a round
 * may be fetched at the same time; the walk is stopped when a page of a round could not be read, or could
 * not be published.
 */
public final class PageCursor {

    private final long filterId;
    private final int limit;
    private final int pageSize;
    private int nextOffset;
    private int selectionSize = -1;
    private int pagesRead;
    private int requestedInRound;
    private final List<FetchReply> readInRound = new ArrayList<>();
    private final List<PreparedPage> prepared = new ArrayList<>();
    private boolean stopped;
    /** The offset of the first request of the round just asked for. */
    private int roundStart;
    /** Pages at this offset or after it are not published this poll. */
    private int publishBelow = Integer.MAX_VALUE;
    private boolean shortPage;
    private int totalCount = -1;
    private final Set<String> seen = new HashSet<>();

    public PageCursor(long filterId, int limit, int pageSize) {
        if (limit < 1 || pageSize < 1) {
            throw new IllegalArgumentException("limit and page size must be positive");
        }
        this.filterId = filterId;
        this.limit = limit;
        this.pageSize = pageSize;
    }

    public synchronized boolean hasNextPage() {
        return !stopped && (selectionSize < 0 || nextOffset < selectionSize);
    }

    /** The requests of the next round: at most {@code max} pages, the first page alone; none when all were read. */
    public synchronized List<FetchRequest> nextRequests(int max) {
        List<FetchRequest> requests = new ArrayList<>();
        int pages = selectionSize < 0 ? 1 : max;
        while (requests.size() < pages && hasNextPage() && (selectionSize >= 0 || nextOffset == 0)) {
            requests.add(new FetchRequest(filterId, limit, Math.min(pageSize, limit), nextOffset));
            nextOffset += pageSize;
        }
        requestedInRound = requests.size();
        roundStart = requests.isEmpty() ? nextOffset : requests.get(0).visualOffset();
        readInRound.clear();
        return requests;
    }

    /**
     * Keeps a page of the round, read, for {@link #takePages()}, and every contact id it holds; its
     * {@code total_count} tells the selection size.
     */
    public synchronized void pageRead(FetchReply reply) {
        totalCount = reply.totalCount();
        selectionSize = Math.min(Math.max(reply.totalCount(), 0), limit);
        shortPage |= reply.rows().size() < expectedRows(reply);
        pagesRead++;
        readInRound.add(reply);
        // a contact whose entry is broken has not left its filter either
        for (int position = 0; position < reply.rows().size(); position++) {
            String id = reply.rows().id(position);
            if (id != null) {
                seen.add(id);
            }
        }
    }

    /** Every contact id the walk read so far. */
    public synchronized Set<String> seen() {
        return Set.copyOf(seen);
    }

    /**
     * Why the walk did not read the filter's whole selection, so that a contact it did not return may still be
     * in it; empty when it did: every page read and published, each page as full as {@code total_count}
     * promised, and {@code total_count} below the limit (at the limit, the saved search may hold more).
     */
    public synchronized Optional<String> notWholeSelection() {
        if (!complete()) {
            return Optional.of("the poll did not read and publish every page");
        }
        if (shortPage) {
            return Optional.of("a page held fewer contacts than total_count promised");
        }
        if (totalCount >= limit) {
            return Optional.of("total_count " + totalCount + " reached smartlead.poll.limit " + limit
                    + ", so the selection may be cut off");
        }
        return Optional.empty();
    }

    /** Whether a page of the round could not be read (its dead letter says why). */
    public synchronized boolean roundIncomplete() {
        return readInRound.size() < requestedInRound;
    }

    /** The pages of the round just fetched, in offset order. */
    public synchronized List<FetchReply> takePages() {
        List<FetchReply> pages = new ArrayList<>(readInRound);
        pages.sort(Comparator.comparingInt(page -> page.request().visualOffset()));
        readInRound.clear();
        requestedInRound = 0;
        return pages;
    }

    /** Keeps a page read and split into its contacts, for {@link #takePrepared()}. */
    public synchronized void pagePrepared(PreparedPage page) {
        prepared.add(page);
    }

    /** The pages prepared since the last call, in offset order. */
    public synchronized List<PreparedPage> takePrepared() {
        List<PreparedPage> pages = new ArrayList<>(prepared);
        pages.sort(Comparator.comparingInt(PreparedPage::offset));
        prepared.clear();
        return pages;
    }

    /**
     * The rows the page should hold: its share of the selection ({@code total_count} capped by the
     * limit), at most the page size.
     */
    public int expectedRows(FetchReply reply) {
        int selection = Math.min(Math.max(reply.totalCount(), 0), limit);
        return Math.max(0, Math.min(reply.request().visualLimit(), selection - reply.request().visualOffset()));
    }

    /**
     * A page of the round just fetched could not be read: the walk ends; the pages read before that round are
     * published, those of the round are not, and the next poll reads them again.
     */
    public synchronized void stop() {
        stopped = true;
        publishBelow = Math.min(publishBelow, roundStart);
    }

    /**
     * A page could not be published: the walk ends, and no page after it is published either (those before it
     * were, one at a time); the next poll reads them again.
     */
    public synchronized void stopPublishing() {
        stopped = true;
        publishBelow = Integer.MIN_VALUE;
    }

    /** Whether the page at this offset is to be published: not after a page of the poll was lost. */
    public synchronized boolean publishes(int offset) {
        return offset < publishBelow;
    }

    /** Every page of the selection was read. */
    public synchronized boolean complete() {
        return !stopped && selectionSize >= 0 && nextOffset >= selectionSize && requestedInRound == 0;
    }

    public synchronized int pagesRead() {
        return pagesRead;
    }

    /** The number of pages of the whole selection, once the first reply told its size; else -1. */
    public synchronized int pageCount() {
        return selectionSize < 0 ? -1 : (selectionSize + pageSize - 1) / pageSize;
    }
}
