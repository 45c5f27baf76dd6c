package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.config.Running;
import io.smartleadkafkaroutes.publish.PagePreparation.PreparedPage;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;

/** Starts a {@link PageCursor} per filter with the configured limit and page size, and moves it on. */
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

    public PageCursor start(@ExchangeProperty("filterId") long filterId) {
        return new PageCursor(filterId, limit, pageSize);
    }

    /** The next round of page requests; none once the application stops, so a stop ends the poll after the pages in hand. */
    public List<FetchRequest> nextRequests(@ExchangeProperty("pageCursor") PageCursor cursor, CamelContext context) {
        return Running.running(context) ? cursor.nextRequests(fetchConcurrency) : List.of();
    }

    public void pageRead(@ExchangeProperty("pageCursor") PageCursor cursor, @Body FetchReply reply) {
        cursor.pageRead(reply);
    }

    public void pagePrepared(@ExchangeProperty("pageCursor") PageCursor cursor, @Body PreparedPage page) {
        cursor.pagePrepared(page);
    }

    /** A page could not be published: its filter's walk ends; {@code cursor} is null for contacts fetched by id. */
    public void pageNotPublished(@ExchangeProperty("pageCursor") PageCursor cursor) {
        if (cursor != null) {
            cursor.stop();
        }
    }
}
