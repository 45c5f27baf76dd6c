package io.smartleadkafkaroutes.enrich;

/** The email-status category of a contact; each has its own topic, {@code smartlead.topics.<setting>}. */
public enum EmailStatus {
    VERIFIED("verified"),
    CATCH_ALL("catch_all"),
    INVALID("invalid"),
    NO_EMAIL("no_email"),
    UNKNOWN("unknown");

    private final String code;

    EmailStatus(String code) {
        this.code = code;
    }

    /** The value in records and headers, as the API's own metrics name the buckets. */
    public String code() {
        return code;
    }

    /** The property holding this category's topic, e.g. {@code smartlead.topics.catch-all}. */
    public String topicSetting() {
        return "smartlead.topics." + code.replace('_', '-');
    }
}
