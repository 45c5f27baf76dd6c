package io.smartleadkafkaroutes.dedup;

import java.util.List;

/**
 * What a complete poll of a filter found missing: the contacts the filter held that it did not return
 * ({@code missing}), those of them that have now been missing long enough to leave ({@code departures}),
 * and how many polls in a row that took ({@code pollsNeeded}, more when many went missing at once).
 */
public record Departures(long filterId, String pollId, int held, int missing, int pollsNeeded,
        List<Departure> departures) {

    /** Missing, but not yet for long enough: still on their topics. */
    public int waiting() {
        return missing - departures.size();
    }
}
