package io.smartleadkafkaroutes.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Decides a contact's email-status category from what the API sent: no usable email, then the
 * {@code verificationStatus} verdict, then a finished lookup without a verdict (which the API's own
 * metrics count as verified). Anything else is {@link EmailStatus#UNKNOWN}, never dropped.
 */
public final class EmailStatusClassifier {

    public EmailStatus classify(JsonNode contact) {
        String email = text(contact, "email");
        if (email == null || email.isBlank()) {
            return EmailStatus.NO_EMAIL;
        }
        String verdict = normalised(text(contact, "verificationStatus"));
        if (verdict == null) {
            return "completed".equals(normalised(text(contact, "status"))) ? EmailStatus.VERIFIED : EmailStatus.UNKNOWN;
        }
        return switch (verdict) {
            case "valid", "verified" -> EmailStatus.VERIFIED;
            case "catchall" -> EmailStatus.CATCH_ALL;
            case "invalid" -> EmailStatus.INVALID;
            default -> EmailStatus.UNKNOWN;
        };
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Case and separators do not matter: {@code catch_all}, {@code Catch-All} and {@code catchall} are one. */
    private static String normalised(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }
}
