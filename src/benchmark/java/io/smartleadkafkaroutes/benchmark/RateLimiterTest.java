package io.smartleadkafkaroutes.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));

    @Test
    void should_never_grant_more_than_the_limit_in_any_second_or_minute() {
        RateLimiter limiter = new RateLimiter(10, 60, clock);
        List<Long> slots = new ArrayList<>();
        while (slots.size() < 150) {
            long wait = limiter.tryAcquire();
            if (wait == 0) {
                slots.add(clock.millis());
            }
            // a caller that wakes up late, sometimes much later than asked
            clock.advance(Duration.ofMillis(Math.max(wait, 7) + (slots.size() % 3 == 0 ? 40 : 0)));
        }
        for (int i = 0; i + 10 < slots.size(); i++) {
            assertThat(slots.get(i + 10) - slots.get(i)).as("11 slots from %d", i).isGreaterThanOrEqualTo(1000);
        }
        for (int i = 0; i + 60 < slots.size(); i++) {
            assertThat(slots.get(i + 60) - slots.get(i)).as("61 slots from %d", i).isGreaterThanOrEqualTo(60_000);
        }
    }

    @Test
    void should_not_delay_requests_within_the_limit() {
        RateLimiter limiter = new RateLimiter(10, 60, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire()).isZero();
        }
        assertThat(limiter.tryAcquire()).isEqualTo(1000 + RateLimiter.SLACK_MILLIS);
        // asking is not taking: the answer stays until the window moves on
        assertThat(limiter.tryAcquire()).isEqualTo(1000 + RateLimiter.SLACK_MILLIS);
        clock.advance(Duration.ofMillis(1000 + RateLimiter.SLACK_MILLIS));
        assertThat(limiter.tryAcquire()).isZero();
    }
}
