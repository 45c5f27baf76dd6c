package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.api.FetchRequest;

/**
 * Walks one filter's selection page by page: offsets 0, page-size, 2 x page-size, ... while the
 * offset is below the selection size, which is {@code total_count} capped by the limit. Before the
 * first reply the size is unknown, so there is always a first page.
 */
public final class PageCursor {

    private final long filterId;
    private final int limit;
    private final int pageSize;
    private int nextOffset;
    private int selectionSize = -1;
    private int pagesRead;

    public PageCursor(long filterId, int limit, int pageSize) {
        if (limit < 1 || pageSize < 1) {
            throw new IllegalArgumentException("limit and page size must be positive");
        }
        this.filterId = filterId;
        this.limit = limit;
        this.pageSize = pageSize;
    }

    public boolean hasNextPage() {
        return selectionSize < 0 || nextOffset < selectionSize;
    }

    public FetchRequest nextRequest() {
        if (!hasNextPage()) {
            throw new IllegalStateException("the selection of filter " + filterId + " has been read");
        }
        return new FetchRequest(filterId, limit, Math.min(pageSize, limit), nextOffset);
    }

    /** Records that the next page was read; {@code totalCount} is the reply's {@code total_count}. */
    public void pageRead(int totalCount) {
        selectionSize = Math.min(Math.max(totalCount, 0), limit);
        nextOffset += pageSize;
        pagesRead++;
    }

    public int pagesRead() {
        return pagesRead;
    }

    /** The number of pages of the whole selection, once the first reply told its size; else -1. */
    public int pageCount() {
        return selectionSize < 0 ? -1 : (selectionSize + pageSize - 1) / pageSize;
    }
}
