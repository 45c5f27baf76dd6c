package io.smartleadkafkaroutes.simulator;

/**
 * The ground truth of a generated contact: which email-status category the API contract puts it
 * in, independent of the bundle's classifier.
 */
public enum ContactKind {
    /** {@code verificationStatus: valid}. */
    VALID_VERDICT("verified", 30),
    /** {@code status: completed}, an email, no verdict: verified, as the API's metrics count it. */
    COMPLETED_NO_VERDICT("verified", 12),
    CATCH_ALL("catch_all", 15),
    INVALID("invalid", 10),
    /** {@code email} null, empty or missing. */
    NO_EMAIL("no_email", 13),
    /** A lookup not finished yet: no {@code completed} status, no verdict. */
    PENDING("pending", 8),
    /** A verdict the contract does not name. */
    UNRECOGNISED_VERDICT("unknown", 12);

    private final String category;
    private final int weight;

    ContactKind(String category, int weight) {
        this.category = category;
        this.weight = weight;
    }

    /** The email-status category the contract assigns. */
    public String category() {
        return category;
    }

    int weight() {
        return weight;
    }
}
