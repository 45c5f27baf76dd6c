package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.publish.PreparedPage;
import java.util.List;

/**
 * What a filter's walk has in hand between two rounds: the pages read in the round before, to be split into their
 * contacts, and the pages prepared in the round before, to be published; each list in offset order.
 */
public record PagesInHand(List<FetchReply> read, List<PreparedPage> prepared) {

    /** Whether the walk has anything left to prepare or publish. */
    public boolean any() {
        return !read.isEmpty() || !prepared.isEmpty();
    }
}
