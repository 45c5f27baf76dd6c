package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.api.FetchReply;

/** Starts a {@link PageCursor} per filter with the configured limit and page size, and moves it on. */
public final class PagePlanner {

    private final int limit;
    private final int pageSize;

    public PagePlanner(int limit, int pageSize) {
        this.limit = limit;
        this.pageSize = pageSize;
    }

    public PageCursor start(long filterId) {
        return new PageCursor(filterId, limit, pageSize);
    }

    public void pageRead(PageCursor cursor, FetchReply reply) {
        cursor.pageRead(reply.totalCount());
    }
}
