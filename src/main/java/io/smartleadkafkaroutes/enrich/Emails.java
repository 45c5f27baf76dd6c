package io.smartleadkafkaroutes.enrich;

import java.util.Locale;

/** Email addresses as consumers want them: trimmed, lower-cased, and only when usable. */
public final class Emails {

    private Emails() {
    }

    /** A usable address, normalised. */
    public record Email(String address, String localPart, String domain) {
    }

    /**
     * The normalised address, or null when there is no usable one: not exactly one {@code @}, an empty
     * local part, a domain without a dot, or whitespace inside. Plus-addressing is kept as sent.
     */
    public static Email normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String address = raw.strip().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || address.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        String domain = address.substring(at + 1);
        if (domain.length() < 3 || !domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")
                || domain.contains("..")) {
            return null;
        }
        return new Email(address, address.substring(0, at), domain);
    }
}
