package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.support.ShippedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * application.properties is the settings reference: it names every smartlead.* setting the application reads and
 * no other, and the comment of each states the values the start-up checks allow.
 */
class SettingsReferenceTest {

    /** A property line, or one commented out ({@code # smartlead.api.key =}): the setting's name. */
    private static final Pattern SETTING_LINE = Pattern.compile("#?\\s*([a-z][a-z0-9.-]*)\\s*=.*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??(smartlead\\.[a-z0-9.-]+)");
    private static final Pattern RANGE = Pattern.compile("(?:whole numbers|durations) (\\S+)\\.\\.(\\S+?)(?: written .*)?");
    private static final Pattern LIST = Pattern.compile("[\\w-]+(?:, [\\w-]+)+");
    private static final String ALLOWED = ": allowed values are ";
    private static final Properties SHIPPED = ShippedSettings.load();
    /** Each smartlead.* setting of application.properties and the comment above it (or above its group). */
    private static final Map<String, String> DOCUMENTED = documented(lines(Path.of("application.properties")));

    @Test
    void should_name_every_setting_the_application_reads_and_no_other() throws IOException {
        Set<String> read = new TreeSet<>();
        ResolvedSettings.check(valid(), Map.of(), read);
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            routes.forEach(route -> PLACEHOLDER.matcher(String.join("\n", lines(route))).results()
                    .forEach(placeholder -> read.add(placeholder.group(1))));
        }
        read.removeIf(name -> !name.startsWith("smartlead."));

        assertThat(DOCUMENTED.keySet()).containsExactlyInAnyOrderElementsOf(read);
    }

    static Stream<String> documentedSettings() {
        return DOCUMENTED.keySet().stream();
    }

    /**
     * What a wrong value's refusal says is allowed, as the comment must state it: the range of a number or a
     * duration (a bound may be the setting that sets it: 1..smartlead.api.account-max-limit), each value of a list.
     */
    @ParameterizedTest
    @MethodSource("documentedSettings")
    void should_state_in_the_comment_of_a_setting_the_values_it_allows(String setting) {
        String comment = DOCUMENTED.get(setting);
        Optional<String> allowed = allowedValues(setting);

        allowed.map(RANGE::matcher).filter(Matcher::matches).ifPresent(range -> assertThat(comment)
                .as("the comment of %s states the range %s..%s", setting, range.group(1), range.group(2))
                .containsAnyOf(statedRanges(range.group(1), range.group(2)).toArray(String[]::new)));
        allowed.filter(values -> LIST.matcher(values).matches()).ifPresent(values -> assertThat(comment)
                .as("the comment of %s names the values %s", setting, values)
                .contains(values.split(", ")));
    }

    /** The refusal of a value no setting allows, when the setting checks its values at all. */
    private static Optional<String> allowedValues(String setting) {
        Properties settings = valid();
        settings.put(setting, "not-valid!");
        Throwable refused = catchThrowable(() -> ResolvedSettings.check(settings, Map.of(), new TreeSet<>()));
        if (refused == null) {
            return Optional.empty();
        }
        String refusal = "Invalid setting " + setting + "=not-valid!" + ALLOWED;
        assertThat(refused).isInstanceOf(InvalidSettingException.class).hasMessageContaining(setting);
        return refused.getMessage().startsWith(refusal)
                ? Optional.of(refused.getMessage().substring(refusal.length())) : Optional.empty();
    }

    /** {@code min..max}, or either bound written as the setting whose shipped value it is. */
    private static List<String> statedRanges(String min, String max) {
        List<String> stated = new ArrayList<>(List.of(min + ".." + max));
        SHIPPED.stringPropertyNames().stream().filter(name -> name.startsWith("smartlead.")).forEach(name -> {
            if (SHIPPED.getProperty(name).equals(max)) {
                stated.add(min + ".." + name);
            }
            if (SHIPPED.getProperty(name).equals(min)) {
                stated.add(name + ".." + max);
            }
        });
        return stated;
    }

    private static Map<String, String> documented(List<String> lines) {
        Map<String, String> documented = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher setting = SETTING_LINE.matcher(lines.get(i).strip());
            if (setting.matches() && setting.group(1).startsWith("smartlead.")) {
                documented.put(setting.group(1), commentAbove(lines, i));
            }
        }
        return documented;
    }

    /** The comment lines above a setting, past the settings of its group that share them, up to the section header. */
    private static String commentAbove(List<String> lines, int settingLine) {
        List<String> comment = new ArrayList<>();
        for (int i = settingLine - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            boolean setting = SETTING_LINE.matcher(line).matches();
            if (line.isEmpty() || line.startsWith("##") || setting && !comment.isEmpty()) {
                break;
            }
            if (!setting) {
                comment.add(0, line.substring(1).strip());
            }
        }
        return String.join(" ", comment);
    }

    /** The settings application.properties leaves to the user. */
    private static Properties valid() {
        Properties settings = new Properties();
        settings.put("smartlead.api.key", "sk-test-settings-reference");
        settings.put("smartlead.poll.filter-ids", "327105");
        return settings;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
