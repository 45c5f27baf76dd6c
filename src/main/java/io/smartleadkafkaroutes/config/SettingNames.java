package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The smartlead.* settings there are: the names the built-in application.properties defines, commented-out
 * ones included ({@code # smartlead.api.key =}). Any other smartlead.* name is a typo that would leave the
 * setting meant at its default without a word, so it is refused with the nearest name there is.
 */
final class SettingNames {

    private static final String PREFIX = "smartlead.";
    private static final String VARIABLE_PREFIX = "SMARTLEAD_";
    /** A property line, or one commented out: {@code smartlead.poll.period = 15m}, {@code # smartlead.api.key =}. */
    private static final Pattern DEFINED = Pattern.compile("#?\\s*(smartlead\\.[\\w.-]+)\\s*[=:].*");

    private final List<String> known;

    private SettingNames(List<String> known) {
        this.known = List.copyOf(known);
    }

    static SettingNames builtIn() {
        try (InputStream in = SettingNames.class.getClassLoader().getResourceAsStream("application.properties");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            return new SettingNames(lines.lines().map(String::strip).map(DEFINED::matcher).filter(Matcher::matches)
                    .map(defined -> defined.group(1)).distinct().toList());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the built-in application.properties", unreadable);
        }
    }

    /**
     * Refuses the first unknown name among the smartlead.* {@code properties} (of files, -D and overrides) and the
     * SMARTLEAD_* {@code environmentVariables}, which name a setting in upper case with _ for . and -.
     */
    void checkKnown(Collection<String> properties, Collection<String> environmentVariables) {
        for (String name : new TreeSet<>(properties)) {
            if (name.startsWith(PREFIX) && !known.contains(name)) {
                throw new InvalidSettingException("Unknown setting " + name + ": did you mean " + nearest(name, known)
                        + "? (the settings are those in application.properties)");
            }
        }
        List<String> knownVariables = known.stream().map(SettingNames::variable).toList();
        for (String variable : new TreeSet<>(environmentVariables)) {
            // SMARTLEAD_CONFIG_FILE is the bundle's own, not a setting
            if (variable.startsWith(VARIABLE_PREFIX) && !knownVariables.contains(variable)
                    && !variable.equals(SmartleadKafkaRoutes.CONFIG_FILE)) {
                throw new InvalidSettingException("Unknown setting " + variable + " (an environment variable): did you mean "
                        + nearest(variable, knownVariables) + "? (the settings are those in application.properties)");
            }
        }
    }

    /** The environment variable Camel reads for a setting: smartlead.poll.filter-ids is SMARTLEAD_POLL_FILTER_IDS. */
    private static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String nearest(String name, List<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(candidate -> editDistance(name, candidate))).orElseThrow();
    }

    /** Levenshtein's: the fewest insertions, deletions and replacements of one character that turn a into b. */
    private static int editDistance(String a, String b) {
        int[] previous = IntStream.rangeClosed(0, b.length()).toArray();
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
