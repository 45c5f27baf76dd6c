package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.enrich.StatusRules;
import io.smartleadkafkaroutes.enrich.WordList;
import io.smartleadkafkaroutes.publish.ContactTopics;
import io.smartleadkafkaroutes.schemaregistry.SchemaRegistration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting the application checks before it starts, read once: the first wrong one stops the start with
 * an {@link InvalidSettingException} naming it and what it allows.
 */
public record StartupSettings(SmartleadSettings smartlead, ContactTopics topics, StatusRules statusRules,
        Set<String> freeMailDomains, Set<String> roleAccountNames, String transactionalId, SchemaRegistry schemaRegistry) {

    /** Schema registry mode: the registry's v3 API ({@code smartlead.schema-registry.url}, empty: off) and group. */
    public record SchemaRegistry(String url, String groupId) {

        public boolean enabled() {
            return !url.isEmpty();
        }
    }

    /**
     * {@code property} answers a setting's value as Camel resolves it; {@code propertyNames} are the names set in
     * files, -D and overrides, {@code environmentVariables} the environment's, both checked for misspelled
     * smartlead.* names first.
     */
    public static StartupSettings check(Function<String, Optional<String>> property, Collection<String> propertyNames,
            Collection<String> environmentVariables) {
        SettingNames.builtIn().checkKnown(propertyNames, environmentVariables);
        SmartleadSettings smartlead = SmartleadSettings.load(property);
        ContactTopics topics = ContactTopics.load(property);
        CamelSettings.check(property);
        return new StartupSettings(smartlead, topics, StatusRules.load(property),
                wordList(property, "smartlead.enrich.free-mail-domains"),
                wordList(property, "smartlead.enrich.role-account-names"),
                new SettingReader(property).required("smartlead.kafka.transactional-id"),
                new SchemaRegistry(property.apply(SchemaRegistration.URL_SETTING).map(String::strip).orElse(""),
                        property.apply(SchemaRegistration.GROUP_SETTING).map(String::strip).orElse("")));
    }

    private static Set<String> wordList(Function<String, Optional<String>> property, String setting) {
        return WordList.load(setting, property.apply(setting).orElse(""));
    }
}
