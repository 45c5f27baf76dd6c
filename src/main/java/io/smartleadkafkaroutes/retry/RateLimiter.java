package io.smartleadkafkaroutes.retry;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side limit on API requests, shared by all filters and pages: at most so many per second and
 * per minute, in any window of that length. {@link #reserve()} books the earliest allowed moment and
 * says how long to wait for it, so the route can wait without blocking a thread.
 */
public final class RateLimiter {

    /** Slack on each window, so network jitter cannot squeeze one request too many into a window the server measures. */
    static final long SLACK_MILLIS = 50;

    private final Window perSecond;
    private final Window perMinute;
    private final Clock clock;

    public RateLimiter(int maxPerSecond, int maxPerMinute, Clock clock) {
        this.perSecond = new Window(maxPerSecond, 1000 + SLACK_MILLIS);
        this.perMinute = new Window(maxPerMinute, 60_000 + SLACK_MILLIS);
        this.clock = clock;
    }

    /** Books a request slot; the answer is how many milliseconds from now it begins. */
    public synchronized long reserve() {
        long now = clock.millis();
        long at = now;
        // each window may push the slot later; repeat until both agree
        for (long earlier = -1; earlier != at; ) {
            earlier = at;
            at = perSecond.earliestFrom(at);
            at = perMinute.earliestFrom(at);
        }
        perSecond.book(at);
        perMinute.book(at);
        return at - now;
    }

    private static final class Window {
        private final int max;
        private final long lengthMillis;
        private final Deque<Long> booked = new ArrayDeque<>();

        Window(int max, long lengthMillis) {
            this.max = max;
            this.lengthMillis = lengthMillis;
        }

        long earliestFrom(long at) {
            while (!booked.isEmpty() && booked.peekFirst() <= at - lengthMillis) {
                booked.pollFirst();
            }
            if (booked.size() < max) {
                return at;
            }
            // the slot frees when the oldest booking of the last `max` leaves the window
            return booked.stream().skip(booked.size() - max).findFirst().orElseThrow() + lengthMillis;
        }

        void book(long at) {
            booked.addLast(at);
        }
    }
}
