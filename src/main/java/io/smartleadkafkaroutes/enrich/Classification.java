package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.EmailStatus;

/**
 * A contact's category and what decided it: the field and its raw value, or both null when no field
 * did (no usable email, no verdict and no lookup status).
 */
public record Classification(EmailStatus status, String field, String rawValue) {
}
