package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN until the memory of published contacts has been read from its topic, when it is full, and
 * when it stopped following its topic; no poll runs meanwhile.
 */
public final class PublishedContactsLoaded extends AbstractHealthCheck {

    private final PublishedContacts memory;

    public PublishedContactsLoaded(PublishedContacts memory) {
        super("smartlead", "published-contacts");
        this.memory = memory;
    }

    @Override
    public boolean isLiveness() {
        // it is read again and again until Kafka answers: a restart would only start over
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String full = memory.full();
        if (full != null) {
            builder.message("No poll runs: " + full).down();
        } else if (memory instanceof KafkaPublishedContacts kafka && !kafka.isLoaded()) {
            builder.message("The published-contacts topic " + kafka.topic() + " has not been read yet").down();
        } else if (memory instanceof KafkaPublishedContacts kafka && kafka.topicProblem() != null) {
            builder.message("No page is published: the published-contacts topic " + kafka.topic() + " "
                    + kafka.topicProblem()).down();
        } else if (memory instanceof KafkaPublishedContacts kafka && kafka.stoppedFollowing() != null) {
            builder.message("Stopped following the published-contacts topic " + kafka.topic() + ": "
                    + kafka.stoppedFollowing()).down();
        } else {
            builder.up();
        }
    }
}
