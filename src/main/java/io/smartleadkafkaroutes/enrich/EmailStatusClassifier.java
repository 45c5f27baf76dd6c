package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.EmailStatus;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides a contact's email-status category by the configured {@link StatusRules}: no usable email is
 * {@code no_email}; else the first verdict field present decides ({@code unknown} if its value is
 * not listed); with no verdict, a finished lookup is {@code verified} (as the API's own metrics count
 * it) and an unfinished one {@code pending}; with no lookup status either, {@code unknown}.
 */
public final class EmailStatusClassifier {

    private final StatusRules rules;

    public EmailStatusClassifier(StatusRules rules) {
        this.rules = rules;
    }

    public Classification classify(JsonNode contact, boolean hasUsableEmail) {
        if (!hasUsableEmail) {
            return new Classification(EmailStatus.NO_EMAIL, null, null);
        }
        for (String field : rules.verdictFields()) {
            String verdict = text(contact, field);
            if (verdict != null) {
                EmailStatus category = rules.categoryByValue().get(StatusRules.normalise(verdict));
                return new Classification(category == null ? EmailStatus.UNKNOWN : category, field, verdict);
            }
        }
        String lookup = text(contact, rules.lookupField());
        if (lookup == null) {
            return new Classification(EmailStatus.UNKNOWN, null, null);
        }
        boolean completed = rules.completedValues().contains(StatusRules.normalise(lookup));
        return new Classification(completed ? EmailStatus.VERIFIED : EmailStatus.PENDING, rules.lookupField(), lookup);
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
