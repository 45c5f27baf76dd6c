package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the API key with {@code ***} wherever a text holds it: as it is, percent-encoded (hex digits
 * in either case, {@code +} or {@code %20} for a space), JSON-escaped (a backslash and {@code u0026}, a
 * backslash before {@code /}) or as HTML character references ({@code &amp;}, {@code &#38;}), in any
 * mix. The match follows the key's own characters one by one, each in any of those forms, so no
 * character of the key can end it early, as a {@code [^&]+} after {@code api_key=} ends at a key's
 * {@code &}. Dead letters and log lines both use it.
 */
public final class ApiKeyScrubber {

    public static final String MASK = "***";

    private final Pattern key;

    public ApiKeyScrubber(String apiKey) {
        StringBuilder pattern = new StringBuilder();
        apiKey.codePoints().forEach(character -> pattern.append(anyFormOf(character)));
        this.key = Pattern.compile(pattern.toString());
    }

    public String scrub(String text) {
        return text == null ? null : key.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** A copy of the JSON with the key scrubbed from every text value and field name. */
    public JsonNode scrub(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(scrub(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(scrub(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(scrub(field.getKey()), scrub(field.getValue())));
            return copy;
        }
        return node;
    }

    /** Two scrubbers of one key are one: the log mask keeps each key once. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyScrubber scrubber && scrubber.key.pattern().equals(key.pattern());
    }

    @Override
    public int hashCode() {
        return key.pattern().hashCode();
    }

    /** Never print the key, even by accident: the pattern spells it out. */
    @Override
    public String toString() {
        return "ApiKeyScrubber[***]";
    }

    /** One character of the key, in every form an encoder or an echoing server might give it. */
    private static String anyFormOf(int character) {
        List<String> forms = new ArrayList<>();
        forms.add(Pattern.quote(Character.toString(character)));
        forms.add(percentEncoded(character));
        if (character == ' ') {
            forms.add("\\+");
        }
        forms.add(jsonUnicodeEscape(character));
        switch (character) {
            case '/' -> forms.add("\\\\/");
            case '"' -> forms.addAll(List.of("\\\\\"", "&quot;"));
            case '\\' -> forms.add("\\\\\\\\");
            case '&' -> forms.add("&amp;");
            case '<' -> forms.add("&lt;");
            case '>' -> forms.add("&gt;");
            case '\'' -> forms.add("&apos;");
            default -> {
            }
        }
        forms.add("&#0*" + character + ";");
        forms.add("&#(?i:x0*" + Integer.toHexString(character) + ");");
        return "(?:" + String.join("|", forms) + ")";
    }

    /** {@code %XX} for each UTF-8 byte, hex digits in either case. */
    private static String percentEncoded(int character) {
        StringBuilder encoded = new StringBuilder("(?i:");
        for (byte octet : Character.toString(character).getBytes(StandardCharsets.UTF_8)) {
            encoded.append(String.format(Locale.ROOT, "%%%02x", octet & 0xff));
        }
        return encoded.append(')').toString();
    }

    /** A backslash and {@code uXXXX} for each UTF-16 unit (two beyond the BMP), hex digits in either case. */
    private static String jsonUnicodeEscape(int character) {
        StringBuilder escaped = new StringBuilder();
        for (char unit : Character.toChars(character)) {
            escaped.append(String.format(Locale.ROOT, "\\\\u(?i:%04x)", (int) unit));
        }
        return escaped.toString();
    }
}
