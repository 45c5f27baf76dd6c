package io.smartleadkafkaroutes.observe;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of a fetch-contacts reply's {@code metrics} object, each shown as a gauge of its own:
 * {@code completed} becomes {@code smartlead_api_completed}.
 */
enum ApiReplyMetric {
    TOTAL_CONTACTS("totalContacts"),
    TOTAL_EMAILS("totalEmails"),
    NO_EMAIL_FOUND("noEmailFound"),
    INVALID_EMAILS("invalidEmails"),
    CATCH_ALL_EMAILS("catchAllEmails"),
    VERIFIED_EMAILS("verifiedEmails"),
    COMPLETED("completed");

    private final String field;

    ApiReplyMetric(String field) {
        this.field = field;
    }

    static Optional<ApiReplyMetric> ofField(String field) {
        return Arrays.stream(values()).filter(metric -> metric.field.equals(field)).findFirst();
    }

    /** Micrometer's name; Prometheus shows its dots as underscores. */
    String meterName() {
        return "smartlead.api." + name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
