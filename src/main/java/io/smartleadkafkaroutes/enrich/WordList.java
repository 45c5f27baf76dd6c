package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of lower-case words (free-mail domains, role-account names) from a setting whose value is
 * either a comma-separated list or a {@code classpath:} or {@code file:} resource with one word per
 * line ({@code #} starts a comment).
 */
public final class WordList {

    private WordList() {
    }

    public static Set<String> load(String setting, String value) {
        String source = value == null ? "" : value.strip();
        String text;
        if (source.startsWith("classpath:")) {
            text = classpathResource(setting, source.substring("classpath:".length()));
        } else if (source.startsWith("file:")) {
            text = file(setting, source.substring("file:".length()));
        } else {
            text = source.replace(',', '\n');
        }
        return Arrays.stream(text.split("\n"))
                .map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String classpathResource(String setting, String name) {
        try (InputStream in = WordList.class.getClassLoader().getResourceAsStream(name.replaceFirst("^/", ""))) {
            if (in == null) {
                throw notReadable(setting, "classpath:" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw notReadable(setting, "classpath:" + name);
        }
    }

    private static String file(String setting, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw notReadable(setting, "file:" + path);
        }
    }

    private static InvalidSettingException notReadable(String setting, String source) {
        return new InvalidSettingException("Invalid setting " + setting + "=" + source + ": it cannot be read; allowed"
                + " values are a comma-separated list, or classpath:<resource> or file:<path> with one entry per line");
    }
}
