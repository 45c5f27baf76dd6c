package io.smartleadkafkaroutes.enrich;

/** One contact ready to publish: its key, category and JSON value. */
public record ContactRecord(String id, EmailStatus emailStatus, long filterId, String pollId, byte[] value) {
}
