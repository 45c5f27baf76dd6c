package io.smartleadkafkaroutes.model;

import java.time.Instant;

/**
 * One contact ready to publish: its key, category, where it came from, its JSON value, and the
 * fingerprint of what a consumer sees of it.
 */
public record ContactRecord(String id, EmailStatus emailStatus, long filterId, String pollId, Instant fetchedAt,
        byte[] value, long fingerprint) {
}
