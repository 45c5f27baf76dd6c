package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.enrich.ContactFingerprint;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.StatusRules;
import io.smartleadkafkaroutes.enrich.UnknownStatusTally;
import io.smartleadkafkaroutes.enrich.WordList;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** The enricher as the application builds it from the shipped settings (no extra dedup fields). */
    public static ContactEnricher enricher(ObjectMapper mapper, UnknownStatusTally unknownStatuses) {
        Function<String, Optional<String>> shipped = lookup();
        return new ContactEnricher(mapper, StatusRules.load(shipped), unknownStatuses,
                WordList.load("smartlead.enrich.free-mail-domains",
                        shipped.apply("smartlead.enrich.free-mail-domains").orElseThrow()),
                WordList.load("smartlead.enrich.role-account-names",
                        shipped.apply("smartlead.enrich.role-account-names").orElseThrow()),
                new ContactFingerprint(List.of()));
    }

    public static Function<String, Optional<String>> lookup() {
        return with(new Properties());
    }
}
