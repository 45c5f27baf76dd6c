package io.smartleadkafkaroutes.dedup;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The value of a memory-topic record, as text: {@code 2 <fingerprint> <topic> <filter>,<filter>...}, the
 * fingerprint in 16 hex digits, e.g. {@code 2 9f86d081884c7d65 smartlead.contacts.verified 327105,327106}. Topic
 * names hold no space ({@code [a-zA-Z0-9._-]}). An earlier release wrote the fingerprint alone, in 32 hex
 * digits of which the first 16 are this fingerprint: read as a contact whose topic and filters are not known.
 */
public final class MemoryValue {

    static final String VERSION = "2";

    private MemoryValue() {
    }

    public static String encode(RememberedContact contact) {
        if (contact.legacy() || contact.topic() == null) {
            // only an entry the polls have not confirmed yet lacks these; it is written out once they did
            throw new IllegalArgumentException("a memory record needs the contact's topic and filters");
        }
        return VERSION + " " + HexFormat.of().toHexDigits(contact.fingerprint()) + " " + contact.topic() + " "
                + Arrays.stream(contact.knownFilters()).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    /**
     * The remembered contact, or an {@link IllegalArgumentException} saying what is wrong with the text. Read by
     * hand, not by regular expressions: the memory topic is read whole at every start.
     */
    public static RememberedContact decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no value");
        }
        if (text.length() == 32 && LowercaseHex.digits(text, 0, 32)) {
            return RememberedContact.legacy(HexFormat.fromHexDigitsToLong(text, 0, 16));
        }
        int fingerprintEnd = text.indexOf(' ', 2);
        int topicEnd = fingerprintEnd < 0 ? -1 : text.indexOf(' ', fingerprintEnd + 1);
        if (!text.startsWith(VERSION + " ") || topicEnd < 0 || text.indexOf(' ', topicEnd + 1) >= 0) {
            throw new IllegalArgumentException("not '2 <fingerprint> <topic> <filters>' nor a 32-hex-digit fingerprint");
        }
        int fingerprintLength = fingerprintEnd - 2;
        if (fingerprintLength != 16 && fingerprintLength != 32 || !LowercaseHex.digits(text, 2, fingerprintEnd)) {
            throw new IllegalArgumentException("the fingerprint is not 16 hex digits");
        }
        String topic = text.substring(fingerprintEnd + 1, topicEnd);
        if (!topicName(topic)) {
            throw new IllegalArgumentException("the topic is not a Kafka topic name");
        }
        return RememberedContact.decoded(HexFormat.fromHexDigitsToLong(text, 2, 18), topic,
                filters(text, topicEnd + 1));
    }

    private static long[] filters(String text, int from) {
        String problem = "the filters are not a comma-separated list of filter ids";
        int commas = 0;
        for (int at = from; at < text.length(); at++) {
            if (text.charAt(at) == ',') {
                commas++;
            }
        }
        long[] filters = new long[commas + 1];
        int count = 0;
        int start = from;
        for (int at = from; at <= text.length(); at++) {
            if (at == text.length() || text.charAt(at) == ',') {
                if (at == start || at - start > 19 || text.charAt(start) == '0' || !digits(text, start, at)) {
                    throw new IllegalArgumentException(problem);
                }
                try {
                    filters[count++] = Long.parseLong(text, start, at, 10);
                } catch (NumberFormatException tooLarge) {
                    throw new IllegalArgumentException(problem);
                }
                start = at + 1;
            }
        }
        if (filters.length == 1) {
            return filters;
        }
        return Arrays.stream(filters).sorted().distinct().toArray();
    }

    private static boolean digits(String text, int from, int to) {
        for (int at = from; at < to; at++) {
            if (text.charAt(at) < '0' || text.charAt(at) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean topicName(String topic) {
        if (topic.isEmpty() || topic.length() > 249) {
            return false;
        }
        for (int at = 0; at < topic.length(); at++) {
            char c = topic.charAt(at);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
