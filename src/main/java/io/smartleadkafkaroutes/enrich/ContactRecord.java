package io.smartleadkafkaroutes.enrich;

import java.time.Instant;

/** One contact ready to publish: its key, category, where it came from, and its JSON value. */
public record ContactRecord(String id, EmailStatus emailStatus, long filterId, String pollId, Instant fetchedAt,
        byte[] value) {
}
