package io.smartleadkafkaroutes.retry;

/** The attempts at one page request: how many were made, and whether and when to try again. */
public final class Attempt {

    private int made;
    private boolean again = true;
    private long delayMillis;

    /** True until a request gave an answer worth reading (or the attempts ran out). */
    public boolean again() {
        return again;
    }

    /** How long to wait before the next attempt; 0 before the first. */
    public long delayMillis() {
        return delayMillis;
    }

    public int made() {
        return made;
    }

    void counted() {
        made++;
    }

    void retryAfter(long millis) {
        again = true;
        delayMillis = millis;
    }

    void done() {
        again = false;
        delayMillis = 0;
    }
}
