package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness: DOWN once the memory of published contacts has stopped following its topic for longer than a
 * grace period, so that Kubernetes restarts the pod (readiness is DOWN at once), which reads the topic anew.
 */
public final class PublishedContactsFollowed extends AbstractHealthCheck {

    /** Readiness says it first; a restart follows only if it lasts. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final KafkaPublishedContacts memory;
    private final Clock clock;

    public PublishedContactsFollowed(KafkaPublishedContacts memory, Clock clock) {
        super("smartlead", "published-contacts-followed");
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant stopped = memory.stoppedFollowingAt();
        if (stopped != null && Duration.between(stopped, clock.instant()).compareTo(GRACE) > 0) {
            builder.message("Stopped following the published-contacts topic " + memory.topic() + " at " + stopped + ": "
                    + memory.stoppedFollowing()).down();
        } else {
            builder.up();
        }
    }
}
