package io.smartleadkafkaroutes.support;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/** The repository's own application.properties, so unit tests check the defaults as shipped. */
public final class ShippedSettings {

    private ShippedSettings() {
    }

    public static Properties load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(reader);
        } catch (Exception unreadable) {
            throw new IllegalStateException("cannot read application.properties", unreadable);
        }
        return properties;
    }

    /** Shipped settings with some replaced, as a property lookup. */
    public static Function<String, Optional<String>> with(Properties overrides) {
        Properties settings = load();
        settings.putAll(overrides);
        return name -> Optional.ofNullable(settings.getProperty(name));
    }

    public static Function<String, Optional<String>> lookup() {
        return with(new Properties());
    }
}
