package io.smartleadkafkaroutes.benchmark;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * A client-side limit on API requests, shared by all filters and pages: at most so many per second and
 * per minute, in any window of that length. A slot is taken at the moment a request goes out, never
 * booked ahead, so a thread that wakes late cannot bring two requests closer than the limit allows.
 * <p>
 * The rate limit of the benchmark's hand-written pipeline, which uses no Camel; the bundle's routes use
 * Camel's throttle EIP (routes/fetch-pages.camel.yaml).
 */
final class RateLimiter {

    /**
     * Slack on each window, so that jitter between taking a slot and the request reaching the server (a GC
     * pause, a busy CPU, the network) cannot squeeze one request too many into a window the server measures.
     */
    static final long SLACK_MILLIS = 100;

    private final Window perSecond;
    private final Window perMinute;
    private final Clock clock;

    RateLimiter(int maxPerSecond, int maxPerMinute, Clock clock) {
        this.perSecond = new Window(maxPerSecond, 1000 + SLACK_MILLIS);
        this.perMinute = new Window(maxPerMinute, 60_000 + SLACK_MILLIS);
        this.clock = clock;
    }

    /** Takes a slot if one is free now and answers 0; else answers how many milliseconds until one may be. */
    public synchronized long tryAcquire() {
        long now = clock.millis();
        long at = Math.max(perSecond.earliestFrom(now), perMinute.earliestFrom(now));
        if (at > now) {
            return at - now;
        }
        perSecond.book(now);
        perMinute.book(now);
        return 0;
    }

    /** Waits for a free slot and takes it; called right before the request is sent. */
    public void acquire() throws InterruptedException {
        for (long wait = tryAcquire(); wait > 0; wait = tryAcquire()) {
            TimeUnit.MILLISECONDS.sleep(wait);
        }
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
