package io.smartleadkafkaroutes.observe;

import java.util.Locale;

/** How the poll of one filter ended. */
public enum PollOutcome {
    /** Every page was read and published. */
    COMPLETED,
    /** A page could not be read (its dead letter says why); the rest of the selection waits for the next poll. */
    FAILED,
    /** The application stopped before the last page. */
    STOPPED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
