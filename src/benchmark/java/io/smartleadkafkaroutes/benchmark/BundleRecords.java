package io.smartleadkafkaroutes.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.UnknownStatusTally;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.publish.TopicSelector;
import io.smartleadkafkaroutes.support.ShippedSettings;
import io.smartleadkafkaroutes.support.TestTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records the bundle would send for a page: the project's own enricher, classification, topic
 * choice and {@link KafkaRecords} (key, headers, value), so every run of the benchmark sends records
 * of the same size.
 */
final class BundleRecords {

    private final ContactEnricher enricher = ShippedSettings.enricher(new ObjectMapper(), new UnknownStatusTally());
    private final KafkaRecords records;

    BundleRecords(TestTopics topics) {
        records = new KafkaRecords(TopicSelector.load(ShippedSettings.with(topics.asSettings())));
    }

    /** A random UUID, as the bundle's poll ids (${uuid(random)}), so that records are the same size. */
    String newPollId() {
        return UUID.randomUUID().toString();
    }

    List<ProducerRecord<String, byte[]>> of(FetchReply page, String pollId) {
        List<ProducerRecord<String, byte[]>> pageRecords = new ArrayList<>(page.contacts().size());
        List<JsonNode> contacts = page.contacts();
        for (int position = 0; position < contacts.size(); position++) {
            pageRecords.add(records.contact(enricher.enrich(contacts.get(position), page, pollId, position)));
        }
        return pageRecords;
    }
}
