package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.support.Replies;
import com.fasterxml.jackson.databind.JsonNode;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ceiling: a plain {@link KafkaProducer} with the bundle's settings sends the already-enriched
 * records of the poll (built before the clock starts, byte for byte what the bundle sends) to one topic.
 */
record RawProducerRun(BenchmarkEnvironment env) implements TimedRun {

    @Override
    public String name() {
        return "raw KafkaProducer";
    }

    @Override
    public Measurement once(String runPrefix) throws Exception {
        String topic = env.freshTopic(runPrefix);
        List<ProducerRecord<String, byte[]>> records = enrichedRecords(topic);
        Acks acks = new Acks();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(env.producerSettings())) {
            Instant start = Instant.now();
            records.forEach(record -> producer.send(record, acks));
            producer.flush();
            acks.check();
            return env.measure(List.of(topic), start);
        }
    }

    /** The poll's pages as the API serves them, enriched and made records as the bundle does, all for one topic. */
    private List<ProducerRecord<String, byte[]>> enrichedRecords(String topic) throws Exception {
        BenchmarkOptions options = env.options();
        List<GeneratedContact> selection = env.simulator().selection(BenchmarkEnvironment.FILTER_ID, options.contacts());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(selection.size());
        BundleRecords bundleRecords = new BundleRecords(new TestTopics(topic));
        String pollId = bundleRecords.newPollId();
        for (int offset = 0; offset < selection.size(); offset += options.pageSize()) {
            List<JsonNode> contacts = selection.subList(offset, Math.min(offset + options.pageSize(), selection.size()))
                    .stream().map(contact -> (JsonNode) contact.json().deepCopy()).toList();
            FetchReply page = Replies.page(new FetchRequest(BenchmarkEnvironment.FILTER_ID, options.contacts(),
                    options.pageSize(), offset), contacts, selection.size(),
                    env.simulator().metrics(selection), Instant.now());
            bundleRecords.of(page, pollId).forEach(record -> records.add(
                    new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers())));
        }
        return records;
    }
}
