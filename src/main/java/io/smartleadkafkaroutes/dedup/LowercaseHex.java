package io.smartleadkafkaroutes.dedup;

/** Lowercase hex digits, as SmartLead ids and the memory's fingerprints are written. */
final class LowercaseHex {

    private LowercaseHex() {
    }

    /** Whether {@code text} holds only 0-9 and a-f from {@code from} to {@code to}. */
    static boolean digits(CharSequence text, int from, int to) {
        for (int at = from; at < to; at++) {
            char digit = text.charAt(at);
            if (!(digit >= '0' && digit <= '9' || digit >= 'a' && digit <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
