package io.smartleadkafkaroutes.it;

import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.TestTopics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/** Settings that point the whole application at a simulator and a broker, as a user would set them. */
public final class AppFixture {

    /** A key that exists only for this test run; no output may ever contain it. */
    public static final String API_KEY = "sk-test-" + UUID.randomUUID();

    private AppFixture() {
    }

    public static Properties settings(SmartleadSimulator simulator, String bootstrapServers, TestTopics topics,
            String filterIds, int limit, int pageSize) {
        Properties settings = topics.asSettings();
        settings.put("smartlead.api.base-url", simulator.baseUrl());
        settings.put("smartlead.api.key", API_KEY);
        settings.put("camel.component.kafka.brokers", bootstrapServers);
        settings.put("smartlead.poll.filter-ids", filterIds);
        settings.put("smartlead.poll.limit", Integer.toString(limit));
        settings.put("smartlead.poll.page-size", Integer.toString(pageSize));
        settings.put("smartlead.poll.period", "1h");
        settings.put("smartlead.poll.initial-delay", "0");
        return settings;
    }

    /** The category each contact should land in, by the simulator's ground truth. */
    static String expectedCategory(GeneratedContact contact) {
        return contact.kind().category();
    }

    static Map<String, Long> expectedCounts(List<GeneratedContact> selection) {
        Map<String, Long> counts = new TreeMap<>();
        selection.forEach(contact -> counts.merge(expectedCategory(contact), 1L, Long::sum));
        return counts;
    }
}
