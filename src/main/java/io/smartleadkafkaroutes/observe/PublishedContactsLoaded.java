package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN until the memory of published contacts has been read from its topic; no poll runs before. */
public final class PublishedContactsLoaded extends AbstractHealthCheck {

    private final KafkaPublishedContacts memory;

    public PublishedContactsLoaded(KafkaPublishedContacts memory) {
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
        if (memory.isLoaded()) {
            builder.up();
        } else {
            builder.message("The published-contacts topic " + memory.topic() + " has not been read yet").down();
        }
    }
}
