package io.smartleadkafkaroutes.dedup;

/**
 * When a contact missing from a filter's polls has left it ({@code smartlead.removals.*}): once missing from
 * {@code confirmPolls} complete polls of the filter in a row; when a poll misses more than
 * {@code bulkSharePercent} % of the contacts the filter holds (an empty or sharply shrunken reply looks like
 * that), from {@code bulkConfirmPolls} in a row. One bad reply therefore never deletes anything.
 */
public record RemovalRule(int confirmPolls, int bulkSharePercent, int bulkConfirmPolls) {

    /** The polls in a row a contact must be missing from, when {@code missing} of the filter's {@code held} are. */
    public int pollsNeeded(int missing, int held) {
        return (long) missing * 100 > (long) bulkSharePercent * held ? bulkConfirmPolls : confirmPolls;
    }
}
