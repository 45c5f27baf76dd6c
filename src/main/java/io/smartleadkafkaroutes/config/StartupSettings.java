package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.enrich.StatusRules;
import io.smartleadkafkaroutes.enrich.WordList;
import io.smartleadkafkaroutes.publish.TopicSelector;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting the application checks before it starts, read once: the first wrong one stops the start with
 * an {@link InvalidSettingException} naming it and what it allows.
 */
public record StartupSettings(SmartleadSettings smartlead, TopicSelector topics, StatusRules statusRules,
        Set<String> freeMailDomains, Set<String> roleAccountNames, String transactionalId) {

    /**
     * {@code property} answers a setting's value as Camel resolves it; {@code propertyNames} are the names set in
     * files, -D and overrides, {@code environmentVariables} the environment's, both checked for misspelled
     * smartlead.* names first.
     */
    public static StartupSettings check(Function<String, Optional<String>> property, Collection<String> propertyNames,
            Collection<String> environmentVariables) {
        SettingNames.builtIn().checkKnown(propertyNames, environmentVariables);
        SmartleadSettings smartlead = SmartleadSettings.load(property);
        TopicSelector topics = TopicSelector.load(property);
        CamelSettings.check(property);
        return new StartupSettings(smartlead, topics, StatusRules.load(property),
                wordList(property, "smartlead.enrich.free-mail-domains"),
                wordList(property, "smartlead.enrich.role-account-names"),
                new SettingReader(property).required("smartlead.kafka.transactional-id"));
    }

    private static Set<String> wordList(Function<String, Optional<String>> property, String setting) {
        return WordList.load(setting, property.apply(setting).orElse(""));
    }
}
