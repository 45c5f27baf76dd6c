package io.smartleadkafkaroutes.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Topic names of one test, so tests sharing a broker never read each other's records. */
public record TestTopics(String prefix) {

    public static final List<String> CATEGORIES = List.of("verified", "catch_all", "invalid", "no_email", "pending", "unknown");

    public String topic(String category) {
        return prefix + "." + category.replace('_', '-');
    }

    public String deadLetter() {
        return prefix + ".dead-letter";
    }

    /** Category to topic name, for every category. */
    public Map<String, String> categoryTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        CATEGORIES.forEach(category -> topics.put(category, topic(category)));
        return topics;
    }

    /** The compacted memory of published contacts: this test's own, so tests never share it. */
    public String published() {
        return prefix + ".published";
    }

    /** Where other services ask for contacts by id (and for resyncs). */
    public String fetchRequests() {
        return prefix + ".fetch-requests";
    }

    public List<String> all() {
        List<String> all = new java.util.ArrayList<>(categoryTopics().values());
        all.add(deadLetter());
        return all;
    }

    public Properties asSettings() {
        Properties settings = new Properties();
        CATEGORIES.forEach(category -> settings.put("smartlead.topics." + category.replace('_', '-'), topic(category)));
        settings.put("smartlead.topics.dead-letter", deadLetter());
        settings.put("smartlead.topics.dedup", published());
        settings.put("smartlead.topics.fetch-requests", fetchRequests());
        return settings;
    }
}
