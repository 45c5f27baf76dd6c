package io.smartleadkafkaroutes.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The forms in which a server echoing an API key back might write it: what no output of the bundle may hold. */
public final class KeyForms {

    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

    private KeyForms() {
    }

    public static List<String> of(String key) {
        LinkedHashSet<String> forms = new LinkedHashSet<>();
        forms.add(key);
        forms.add(urlEncoded(key));
        forms.add(lowerCaseHex(urlEncoded(key)));
        forms.add(urlEncoded(key).replace("+", "%20"));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(key)));
        forms.add(jsonEscaped(key));
        forms.add(htmlEscaped(key));
        return List.copyOf(forms);
    }

    /** As a query parameter carries it: form encoding, {@code +} for a space, upper-case hex. */
    public static String urlEncoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** As the most cautious JSON writers escape it: {@code \/}, and HTML-sensitive or non-ASCII characters as {@code \}{@code u} escapes. */
    public static String jsonEscaped(String key) {
        StringBuilder escaped = new StringBuilder();
        key.chars().forEach(unit -> {
            switch (unit) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '/' -> escaped.append("\\/");
                default -> escaped.append(unit < 0x20 || unit > 0x7e || "&<>'=".indexOf(unit) >= 0
                        ? String.format(Locale.ROOT, "\\u%04x", unit) : Character.toString(unit));
            }
        });
        return escaped.toString();
    }

    /** As an HTML page shows it. */
    public static String htmlEscaped(String key) {
        return key.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String lowerCaseHex(String encoded) {
        Matcher escape = PERCENT_ESCAPE.matcher(encoded);
        StringBuilder lower = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(lower, escape.group().toLowerCase(Locale.ROOT));
        }
        return escape.appendTail(lower).toString();
    }
}
