package io.smartleadkafkaroutes.model;

import java.util.Locale;

/**
 * The email-status category of a contact. Each has its own topic ({@code smartlead.topics.<setting>})
 * and, for those a raw API value can name, its own list of raw values ({@code smartlead.status.values.<setting>}).
 */
public enum EmailStatus {
    VERIFIED,
    CATCH_ALL,
    INVALID,
    NO_EMAIL,
    PENDING,
    UNKNOWN;

    /** The value in records and headers, as the API's own metrics name the buckets: {@code catch_all}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name in settings: {@code catch-all}. */
    public String setting() {
        return code().replace('_', '-');
    }

    public String topicSetting() {
        return "smartlead.topics." + setting();
    }
}
