package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.dedup.MemoryValue;
import io.smartleadkafkaroutes.dedup.MemoryWrite;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.dedup.RememberedContact;
import io.smartleadkafkaroutes.dedup.RemovalRule;
import io.smartleadkafkaroutes.model.ContactRecord;
import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.publish.PagePublisher.PublishedPage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PagePublisherTest {

    private static final long FILTER = 327105;

    /** What happened, in order: the producers' claims, the memory's catch-ups. */
    private final List<String> events = new ArrayList<>();
    /** The contact whose record the producers refuse as too large, if any. */
    private String refusedId;
    private final List<RecordingProducer> producers = new ArrayList<>();
    private final Memory memory = new Memory();
    private final PagePublisher publisher = new PagePublisher(() -> {
        RecordingProducer producer = new RecordingProducer();
        producers.add(producer);
        return producer;
    }, new KafkaRecords(RecordSchemas.NONE), memory, () -> Duration.ofSeconds(10));

    @Test
    void should_claim_the_id_then_commit_the_changed_contacts_and_their_fingerprints_in_one_transaction() {
        memory.remember(List.of(new MemoryWrite("a", RememberedContact.of(fingerprintOf("a"), "contacts", List.of(FILTER)))));

        PublishedPage published = publisher.publish(page(contact("a"), contact("b"), contact("c")));

        assertThat(events).containsExactly("claimed", "caught up");
        assertThat(keys(producers.get(0).history())).containsExactly("contacts:b", "contacts:c", "memory:b", "memory:c");
        assertThat(producers.get(0).commitCount()).isEqualTo(1);
        assertThat(published.published()).extracting(ContactRecord::id).containsExactly("b", "c");
        assertThat(published.unchanged()).isEqualTo(1);
        assertThat(memory.update(contact("b"), "contacts", false).send()).as("remembered once committed").isFalse();
    }

    @Test
    void should_send_a_moved_contact_to_its_new_topic_and_a_tombstone_to_its_old_one_in_the_same_transaction() {
        publisher.publish(page("verified", contact("a")));
        ContactRecord nowInvalid = new ContactRecord("a", EmailStatus.INVALID, FILTER, "poll-2", Instant.EPOCH,
                "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8), fingerprintOf("invalid a"));

        PublishedPage moved = publisher.publish(page("invalid", nowInvalid));

        List<ProducerRecord<String, byte[]>> second = producers.get(0).history().subList(2, 5);
        assertThat(keys(second)).containsExactly("invalid:a", "verified:a", "memory:a");
        assertThat(second.get(1).value()).as("a tombstone").isNull();
        assertThat(new String(second.get(1).headers().lastHeader(KafkaRecords.TOMBSTONE_REASON).value(),
                StandardCharsets.UTF_8)).isEqualTo(KafkaRecords.MOVED);
        assertThat(new String(second.get(1).headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo(KafkaRecords.REMOVED_TYPE);
        assertThat(producers.get(0).commitCount()).as("one transaction per page").isEqualTo(2);
        assertThat(moved.movedAway()).isEqualTo(1);
        assertThat(memory.get("a").topic()).isEqualTo("invalid");
    }

    @Test
    void should_commit_the_page_again_without_the_record_kafka_refuses_and_hand_that_one_back() {
        refusedId = "b";

        PublishedPage published = publisher.publish(page(contact("a"), contact("b"), contact("c")));

        RecordingProducer producer = producers.get(0);
        assertThat(keys(producer.history())).containsExactly("contacts:a", "contacts:c", "memory:a", "memory:c");
        assertThat(producer.commitCount()).as("the first transaction was aborted").isEqualTo(1);
        assertThat(published.published()).extracting(ContactRecord::id).containsExactly("a", "c");
        assertThat(published.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.record().id()).isEqualTo("b");
            assertThat(refused.refusal()).isInstanceOf(RecordTooLargeException.class);
        });
        assertThat(memory.update(contact("b"), "contacts", false).send()).as("not remembered").isTrue();
    }

    @Test
    void should_fail_a_page_that_did_not_commit_and_claim_the_id_anew_for_the_next_one() {
        publisher.publish(page(contact("a")));
        producers.get(0).commitTransactionException = new TimeoutException("no answer in time");

        PageNotPublishedException failed = catchThrowableOfType(PageNotPublishedException.class,
                () -> publisher.publish(page(contact("b"))));
        PublishedPage next = publisher.publish(page(contact("b")));

        assertThat(failed).hasCauseInstanceOf(TimeoutException.class);
        assertThat(failed.page().records()).hasSize(1);
        assertThat(producers.get(0).closed()).as("dropped").isTrue();
        assertThat(events).containsExactly("claimed", "caught up", "claimed", "caught up");
        assertThat(next.published()).extracting(ContactRecord::id).containsExactly("b");
    }

    private static List<String> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(record -> record.topic() + ":" + record.key()).toList();
    }

    private static ContactRecord contact(String id) {
        return new ContactRecord(id, EmailStatus.VERIFIED, FILTER, "poll-1", Instant.EPOCH,
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), fingerprintOf(id));
    }

    private static long fingerprintOf(String what) {
        return what.hashCode();
    }

    private static PreparedPage page(ContactRecord... contacts) {
        return page("contacts", contacts);
    }

    /** A page whose contacts the contact route sent to {@code topic}. */
    private static PreparedPage page(String topic, ContactRecord... contacts) {
        PreparedPage page = new PreparedPage(new FetchRequest(FILTER, 1000, 1000, 0), false, List.of(), 0);
        Arrays.stream(contacts).forEach(contact -> page.add(new PreparedContact(contact, topic)));
        return page;
    }

    /** A memory that keeps its fingerprints on the topic "memory" and notes when it catches up. */
    private final class Memory extends PublishedContacts {

        Memory() {
            super(true, new RemovalRule(2, 50, 4), List.of("contacts", "verified", "invalid"), List.of(FILTER), 1 << 20);
        }

        @Override
        public List<ProducerRecord<String, byte[]>> memoryRecords(List<MemoryWrite> writes) {
            return writes.stream().map(write -> new ProducerRecord<>("memory", write.id(), write.remembered() == null
                    ? null : MemoryValue.encode(write.remembered()).getBytes(StandardCharsets.UTF_8))).toList();
        }

        @Override
        public void catchUp() {
            events.add("caught up");
        }
    }

    /** Kafka's mock producer, noting its claim; it refuses the record of one contact as too large, in send(). */
    private final class RecordingProducer extends MockProducer<String, byte[]> {

        RecordingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void initTransactions() {
            super.initTransactions();
            events.add("claimed");
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().equals("contacts") && record.key().equals(refusedId)) {
                RecordTooLargeException refusal = new RecordTooLargeException("larger than max.request.size");
                callback.onCompletion(null, refusal);
                return CompletableFuture.failedFuture(refusal);
            }
            return super.send(record, callback);
        }
    }
}
