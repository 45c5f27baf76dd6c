package io.smartleadkafkaroutes.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a consumer sees of a contact, reduced to a short hash: its email-status category, its
 * normalised email, and the fields named in {@code smartlead.dedup.fields} (dotted paths such as
 * {@code company.name}). Two reads with the same fingerprint need not be published twice.
 */
public final class ContactFingerprint {

    private final List<String[]> fieldPaths;

    public ContactFingerprint(List<String> fields) {
        this.fieldPaths = fields.stream().map(field -> field.split("\\.")).toList();
    }

    /** The fingerprint of an enriched contact record. */
    public String of(JsonNode record) {
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
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }
}
