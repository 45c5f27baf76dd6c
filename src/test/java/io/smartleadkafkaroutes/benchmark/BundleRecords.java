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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The records the bundle would send for a page: the project's own enricher, classification, topic
 * choice and {@link KafkaRecords} (key, headers, value), so every run of the benchmark sends records
 * of the same size. Headers become UTF-8 bytes, as camel-kafka writes string headers.
 */
final class BundleRecords implements AutoCloseable {

    private final ContactEnricher enricher = ShippedSettings.enricher(new ObjectMapper(), new UnknownStatusTally());
    private final CamelContext camel = new DefaultCamelContext();
    private final KafkaRecords records;

    BundleRecords(TestTopics topics) {
        records = new KafkaRecords(TopicSelector.load(ShippedSettings.with(topics.asSettings())));
    }

    /** A poll id as the bundle makes one (Camel's id generator: its ids are shorter than a UUID's text). */
    String newPollId() {
        return camel.getUuidGenerator().generateUuid();
    }

    List<ProducerRecord<String, byte[]>> of(FetchReply page, String pollId) {
        List<ProducerRecord<String, byte[]>> pageRecords = new ArrayList<>(page.contacts().size());
        List<JsonNode> contacts = page.contacts();
        for (int position = 0; position < contacts.size(); position++) {
            Message message = new DefaultMessage(camel);
            message.setBody(enricher.enrich(contacts.get(position), page, pollId, position));
            records.contact(message);
            pageRecords.add(producerRecord(message));
        }
        return pageRecords;
    }

    private static ProducerRecord<String, byte[]> producerRecord(Message message) {
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            if (!header.getKey().equals(KafkaConstants.KEY) && !header.getKey().equals(KafkaConstants.OVERRIDE_TOPIC)) {
                headers.add(new RecordHeader(header.getKey(), header.getValue().toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new ProducerRecord<>(message.getHeader(KafkaConstants.OVERRIDE_TOPIC, String.class), null,
                message.getHeader(KafkaConstants.KEY, String.class), message.getBody(byte[].class), headers);
    }

    @Override
    public void close() throws Exception {
        camel.close();
    }
}
