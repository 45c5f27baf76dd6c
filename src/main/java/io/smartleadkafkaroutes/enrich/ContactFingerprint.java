package io.smartleadkafkaroutes.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What a consumer sees of a contact, reduced to a 64-bit hash (the first 8 bytes of a SHA-256): its
 * email-status category, its normalised email, and the fields named in {@code smartlead.dedup.fields}
 * (dotted paths such as {@code company.name}). Two reads with the same fingerprint need not be published
 * twice; a change goes unseen with a chance of 2^-64. An earlier release kept the first 16 bytes as 32 hex
 * digits: their first 16 digits are this fingerprint.
 */
public final class ContactFingerprint {

    private final List<String[]> fieldPaths;

    public ContactFingerprint(List<String> fields) {
        this.fieldPaths = fields.stream().map(field -> field.split("\\.")).toList();
    }

    /** The fingerprint of an enriched contact record. */
    public long of(JsonNode record) {
        StringBuilder seen = new StringBuilder();
        seen.append(record.path("emailStatus").asText()).append('\u0000');
        seen.append(record.path("emailNormalized").asText()).append('\u0000');
        for (String[] path : fieldPaths) {
            JsonNode value = record;
            for (String step : path) {
                value = value.path(step);
            }
            seen.append(value.isMissingNode() ? "" : value.toString()).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seen.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }
}
