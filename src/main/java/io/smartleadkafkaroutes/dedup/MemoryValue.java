package io.smartleadkafkaroutes.dedup;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value of a memory-topic record, as text: {@code 2 <fingerprint> <topic> <filter>,<filter>...}, e.g.
 * {@code 2 9f86d081884c7d659a2feaa0c55ad015 smartlead.contacts.verified 327105,327106}. Topic names hold
 * no space ({@code [a-zA-Z0-9._-]}). An earlier release wrote the fingerprint alone (32 hex digits): read as a
 * contact whose topic and filters are not known.
 */
public final class MemoryValue {

    static final String VERSION = "2";
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern FILTERS = Pattern.compile("[1-9][0-9]{0,18}(,[1-9][0-9]{0,18})*");

    private MemoryValue() {
    }

    public static String encode(RememberedContact contact) {
        if (contact.legacy() || contact.topic() == null) {
            // only an entry the polls have not confirmed yet lacks these; it is written out once they did
            throw new IllegalArgumentException("a memory record needs the contact's topic and filters");
        }
        return VERSION + " " + contact.fingerprint() + " " + contact.topic() + " "
                + Arrays.stream(contact.filters()).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    /** The remembered contact, or an {@link IllegalArgumentException} saying what is wrong with the text. */
    public static RememberedContact decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no value");
        }
        if (FINGERPRINT.matcher(text).matches()) {
            return RememberedContact.legacy(text);
        }
        String[] parts = text.split(" ", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not '2 <fingerprint> <topic> <filters>' nor a 32-hex-digit fingerprint");
        }
        if (!FINGERPRINT.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("the fingerprint is not 32 hex digits");
        }
        if (!TOPIC.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("the topic is not a Kafka topic name");
        }
        if (!FILTERS.matcher(parts[3]).matches()) {
            throw new IllegalArgumentException("the filters are not a comma-separated list of filter ids");
        }
        long[] filters = Arrays.stream(parts[3].split(",")).mapToLong(Long::parseLong).sorted().distinct().toArray();
        return RememberedContact.decoded(parts[1], parts[2], filters);
    }
}
