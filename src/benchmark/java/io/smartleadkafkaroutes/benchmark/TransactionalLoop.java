package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.dedup.MemoryValue;
import io.smartleadkafkaroutes.dedup.RememberedContact;
import io.smartleadkafkaroutes.support.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The honest anchor for the bundle's per-contact routing (issue 21): a hand-written loop with the bundle's
 * guarantees. Each page is one Kafka transaction holding its contacts' records and, on the memory topic, each
 * contact's fingerprint, topic and filter; it commits only once Kafka acknowledged every record. The next page is
 * fetched while the page in hand is published, as the bundle does. No rate limit, like the bundle's row it is
 * compared with.
 */
final class TransactionalLoop implements TimedRun {

    private final BenchmarkEnvironment env;

    TransactionalLoop(BenchmarkEnvironment env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "hand-written, page transactions";
    }

    @Override
    public Measurement once(String runPrefix) throws Exception {
        TestTopics topics = env.freshTopics(runPrefix);
        BenchmarkOptions options = env.options();
        PageFetcher fetcher = new PageFetcher(env.simulator());
        BundleRecords records = new BundleRecords(topics);
        Properties settings = env.producerSettings();
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, runPrefix + ".loop");
        int mark = env.requestMark();
        Instant committed;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.initTransactions();
            String pollId = records.newPollId();
            CompletableFuture<FetchReply> next = CompletableFuture.supplyAsync(() -> fetch(fetcher, options, 0));
            for (int offset = 0; offset < options.contacts(); offset += options.pageSize()) {
                FetchReply page = next.join();
                int nextOffset = offset + options.pageSize();
                next = nextOffset < options.contacts()
                        ? CompletableFuture.supplyAsync(() -> fetch(fetcher, options, nextOffset))
                        : CompletableFuture.completedFuture(null);
                List<ProducerRecord<String, byte[]>> pageRecords = new ArrayList<>(records.of(page, pollId));
                for (ProducerRecord<String, byte[]> contact : List.copyOf(pageRecords)) {
                    pageRecords.add(new ProducerRecord<>(topics.published(), contact.key(), MemoryValue.encode(
                            RememberedContact.of(contact.key().hashCode(), contact.topic(),
                                    List.of(BenchmarkEnvironment.FILTER_ID))).getBytes(StandardCharsets.UTF_8)));
                }
                Acks acks = new Acks();
                CountDownLatch answered = new CountDownLatch(pageRecords.size());
                producer.beginTransaction();
                pageRecords.forEach(record -> producer.send(record, (metadata, failure) -> {
                    acks.onCompletion(metadata, failure);
                    answered.countDown();
                }));
                if (!answered.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("Kafka did not answer for a page's records within a minute");
                }
                acks.check();
                producer.commitTransaction();
            }
            committed = Instant.now();
        }
        return env.measure(topics.all(), env.firstRequestSince(mark), committed);
    }

    private FetchReply fetch(PageFetcher fetcher, BenchmarkOptions options, int offset) {
        try {
            FetchRequest request = new FetchRequest(BenchmarkEnvironment.FILTER_ID, options.contacts(),
                    options.pageSize(), offset);
            return fetcher.page(request);
        } catch (Exception failed) {
            throw new IllegalStateException("cannot fetch the page at " + offset, failed);
        }
    }
}
