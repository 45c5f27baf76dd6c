package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.UnknownStatusTally;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.model.PageEntry;
import io.smartleadkafkaroutes.model.ContactRecord;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Function;
import io.smartleadkafkaroutes.support.ShippedSettings;
import io.smartleadkafkaroutes.support.TestTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records the bundle would send for a page: the project's own enricher, classification and
 * {@link KafkaRecords} (key, headers, value), on the shipped route's topic of each category, so every run of the
 * benchmark sends records of the same size.
 */
final class BundleRecords {

    private final ContactEnricher enricher = ShippedSettings.enricher(new ObjectMapper(), new UnknownStatusTally());
    private final KafkaRecords records = new KafkaRecords(RecordSchemas.NONE);
    private final Function<String, Optional<String>> settings;

    BundleRecords(TestTopics topics) {
        settings = ShippedSettings.with(topics.asSettings());
    }

    /** A random UUID, as the bundle's poll ids (${uuid(random)}), so that records are the same size. */
    String newPollId() {
        return UUID.randomUUID().toString();
    }

    List<ProducerRecord<String, byte[]>> of(FetchReply page, String pollId) {
        List<ProducerRecord<String, byte[]>> pageRecords = new ArrayList<>(page.rows().size());
        for (int position = 0; position < page.rows().size(); position++) {
            ContactRecord contact = enricher.enrich(new PageEntry(page, position), pollId,
                    new HashMap<>());
            pageRecords.add(records.contact(contact, settings.apply(contact.emailStatus().topicSetting()).orElseThrow()));
        }
        return pageRecords;
    }
}
