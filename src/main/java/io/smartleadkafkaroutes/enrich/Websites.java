package io.smartleadkafkaroutes.enrich;

import java.util.Locale;
import java.util.regex.Pattern;

/** The domain of a company website: scheme, credentials, {@code www.}, port, path, query and case removed. */
public final class Websites {

    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?");

    private Websites() {
    }

    /** The domain, or null when the input cannot name one (no dot, spaces, bad characters). */
    public static String domainOf(String website) {
        if (website == null) {
            return null;
        }
        String host = website.strip().toLowerCase(Locale.ROOT);
        host = SCHEME.matcher(host).replaceFirst("");
        if (host.startsWith("//")) {
            host = host.substring(2);
        }
        host = cutAt(host, "/?#");
        host = host.substring(host.lastIndexOf('@') + 1);
        host = cutAt(host, ":");
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        if (!host.contains(".")) {
            return null;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return host;
    }

    private static String cutAt(String text, String stops) {
        for (int i = 0; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
