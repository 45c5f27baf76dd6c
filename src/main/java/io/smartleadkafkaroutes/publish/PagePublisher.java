package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.dedup.ContactUpdate;
import io.smartleadkafkaroutes.dedup.Departure;
import io.smartleadkafkaroutes.dedup.Departures;
import io.smartleadkafkaroutes.dedup.MemoryWrite;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Service;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a page as one Kafka transaction: the records of its contacts that changed, a tombstone on the
 * old topic of each that moved, and the memory's changes on the memory topic, committed only once Kafka took
 * every one; the memory learns them only after the commit. The departures of a filter (contacts that left
 * it) are one transaction too. One producer holds the transactional id, so transactions run one at a time, and the
 * pages of polls and of requests by id never interleave.
 * <p>
 * The producer claims the transactional id before its first page and again after a transaction failed:
 * claiming fences every earlier holder of the id (a deposed leader, this application before a crash) and
 * ends its open transaction; the memory then reads what those had committed before any contact is
 * compared with it, so a contact they committed is not published again.
 * <p>
 * A record Kafka refuses for what it is aborts the transaction; the page is sent again without it, and
 * it comes back as refused, to become a dead letter. Anything else that keeps a page from committing
 * fails the page with {@link PageNotPublishedException}; the producer is dropped, and the next page claims
 * the id anew. (camel-kafka's own transactions do not recover from either: on a Kafka exception its
 * {@code KafkaTransactionSynchronization} closes the producer it keeps using, and a failed commit is left
 * neither retried nor aborted.)
 */
public final class PagePublisher implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(PagePublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Producer<String, byte[]>> transactionalProducers;
    private final KafkaRecords kafkaRecords;
    private final PublishedContacts publishedContacts;
    private final Supplier<Duration> acknowledgementTimeout;
    /** The producer holding the transactional id; null until claimed, and after a failed transaction. */
    private volatile Producer<String, byte[]> producer;

    /**
     * {@code transactionalProducers}: each call a new producer with the transactional id, not yet initialised;
     * {@code acknowledgementTimeout}: how long a page's records may go unanswered, longer than the producer's
     * own {@code delivery.timeout.ms}, which answers them first, unless the transaction coordinator is away.
     */
    public PagePublisher(Supplier<Producer<String, byte[]>> transactionalProducers, KafkaRecords kafkaRecords,
            PublishedContacts publishedContacts, Supplier<Duration> acknowledgementTimeout) {
        this.transactionalProducers = transactionalProducers;
        this.kafkaRecords = kafkaRecords;
        this.publishedContacts = publishedContacts;
        this.acknowledgementTimeout = acknowledgementTimeout;
    }

    /**
     * What became of a page: the contacts committed, those left out as unchanged or repeated, those Kafka
     * refused, and the tombstones written for contacts that moved to another topic.
     */
    public static final class PublishedPage {

        private final long filterId;
        private final List<ContactRecord> published;
        private final int unchanged;
        private final int duplicates;
        private final List<PreparedContact> refused;
        private final int movedAway;

        public PublishedPage(long filterId, List<ContactRecord> published, int unchanged, int duplicates,
                List<PreparedContact> refused, int movedAway) {
            this.filterId = filterId;
            this.published = published;
            this.unchanged = unchanged;
            this.duplicates = duplicates;
            this.refused = refused;
            this.movedAway = movedAway;
        }

        public long filterId() {
            return filterId;
        }

        public List<ContactRecord> published() {
            return published;
        }

        public int unchanged() {
            return unchanged;
        }

        public int duplicates() {
            return duplicates;
        }

        /** Contacts Kafka refused for what they are, each with the refusal. */
        public List<PreparedContact> refused() {
            return refused;
        }

        /** Tombstones on the topics contacts of the page moved away from. */
        public int movedAway() {
            return movedAway;
        }
    }

    /** What became of a filter's departures: committed (their tombstones written), or left for the next complete poll. */
    public record PublishedDepartures(Departures departures, int tombstones, boolean committed) {
    }

    /** A contact of the page and what publishing it takes. */
    private record Sending(PreparedContact entry, ContactUpdate update) {
    }

    /** The contacts of the page Kafka refused for what they are, each to become its own dead letter. */
    public List<PreparedContact> refused(@Body PublishedPage page) {
        return page.refused();
    }

    public synchronized PublishedPage publish(PreparedPage page) {
        try {
            publishedContacts.checkWritable();
            Producer<String, byte[]> claimed = claimed();
            // compared with the memory only now, after the claim: a fenced holder commits nothing more
            List<Sending> updates = page.records().stream().map(entry -> new Sending(entry, publishedContacts.update(
                    entry.record(), entry.topic(), page.askedFor()))).toList();
            List<Sending> changed = updates.stream().filter(sending -> sending.update().send()).toList();
            List<MemoryWrite> unchangedWrites = updates.stream().filter(sending -> !sending.update().send())
                    .map(sending -> sending.update().memoryWrite()).filter(Objects::nonNull).toList();
            List<PreparedContact> refused = new ArrayList<>();
            List<Sending> sending = changed;
            for (List<PreparedContact> refusedNow = sendInOneTransaction(claimed, sending, unchangedWrites);
                    !refusedNow.isEmpty(); refusedNow = sendInOneTransaction(claimed, sending, unchangedWrites)) {
                refused.addAll(refusedNow);
                Set<ContactRecord> left = refusedNow.stream().map(PreparedContact::record).collect(Collectors.toSet());
                sending = sending.stream().filter(entry -> !left.contains(entry.entry().record())).toList();
            }
            List<MemoryWrite> committed = new ArrayList<>(unchangedWrites);
            sending.stream().map(entry -> entry.update().memoryWrite()).filter(Objects::nonNull).forEach(committed::add);
            publishedContacts.remember(committed);
            return new PublishedPage(page.filterId(), sending.stream().map(entry -> entry.entry().record()).toList(),
                    page.records().size() - changed.size(), page.duplicates(), refused,
                    sending.stream().mapToInt(entry -> entry.update().tombstoneTopics().size()).sum());
        } catch (RuntimeException failure) {
            dropProducer();
            throw new PageNotPublishedException(page, failure);
        }
    }

    /**
     * The contacts that left the filter, as one transaction: tombstones on their topics and the memory's
     * changes. When it does not commit, nothing is forgotten: the next complete poll of the filter finds them
     * missing again and tries again.
     */
    public synchronized PublishedDepartures publishDepartures(@Body Departures departures) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Instant now = Instant.now();
        for (Departure departure : departures.departures()) {
            departure.tombstoneTopics().forEach(topic -> records.add(kafkaRecords.left(departure.id(), topic,
                    departures.filterId(), departures.pollId(), now)));
        }
        int tombstones = records.size();
        records.addAll(publishedContacts.memoryRecords(
                departures.departures().stream().map(Departure::memoryWrite).toList()));
        if (departures.departures().isEmpty()) {
            return new PublishedDepartures(departures, 0, true);
        }
        try {
            publishedContacts.checkWritable();
            Producer<String, byte[]> claimed = claimed();
            Outcomes outcomes = new Outcomes(0);
            claimed.beginTransaction();
            records.forEach(record -> {
                claimed.send(record, outcomes.ofPage());
                outcomes.sent();
            });
            outcomes.awaitAnswers(acknowledgementTimeout.get());
            if (outcomes.anyFailed()) {
                claimed.abortTransaction();
                throw outcomes.firstFailure();
            }
            claimed.commitTransaction();
        } catch (RuntimeException failure) {
            dropProducer();
            LOG.warn("Filter {}: the tombstones of {} contacts that left it were not published ({}); the next complete"
                    + " poll of the filter tries again", departures.filterId(), departures.departures().size(),
                    failure.toString());
            return new PublishedDepartures(departures, tombstones, false);
        }
        publishedContacts.departed(departures);
        return new PublishedDepartures(departures, tombstones, true);
    }

    /**
     * Claims the transactional id ahead of the first page, while that page is fetched, so its transaction
     * does not wait for the claim. Claiming early is always safe: contacts are compared with the memory
     * only after the claim. A claim that fails now is made again, and fails its page, when the page comes.
     */
    public synchronized void claimAhead() {
        try {
            claimed();
        } catch (RuntimeException failed) {
            dropProducer();
            LOG.debug("Could not claim the transactional id ahead of the first page: {}", failed.toString());
        }
    }

    /**
     * Sends the contacts, the tombstones of those that moved and the memory's changes in one transaction and
     * commits it; when Kafka refused some of the contacts for what they are, aborts it and answers those.
     */
    private List<PreparedContact> sendInOneTransaction(Producer<String, byte[]> claimed, List<Sending> contacts,
            List<MemoryWrite> unchangedWrites) {
        if (contacts.isEmpty() && unchangedWrites.isEmpty()) {
            return List.of();
        }
        Outcomes outcomes = new Outcomes(contacts.size());
        claimed.beginTransaction();
        for (int index = 0; index < contacts.size() && !outcomes.anyFailed(); index++) {
            ContactUpdate update = contacts.get(index).update();
            try {
                claimed.send(kafkaRecords.contact(update.contact(), update.topic()), outcomes.of(index));
                outcomes.sent();
                for (String oldTopic : update.tombstoneTopics()) {
                    claimed.send(kafkaRecords.movedAway(update.contact(), oldTopic, update.topic()), outcomes.ofPage());
                    outcomes.sent();
                }
            } catch (KafkaException thrown) {
                // an unserialisable record, or a transaction that already failed: nothing more is sent
                outcomes.thrownAt(index, thrown);
            }
        }
        if (!outcomes.anyFailed()) {
            List<MemoryWrite> writes = new ArrayList<>(unchangedWrites);
            contacts.stream().map(sending -> sending.update().memoryWrite()).filter(Objects::nonNull).forEach(writes::add);
            publishedContacts.memoryRecords(writes).forEach(record -> {
                claimed.send(record, outcomes.ofPage());
                outcomes.sent();
            });
        }
        // not flush(): it waits without end for a transaction whose coordinator went away
        outcomes.awaitAnswers(acknowledgementTimeout.get());
        if (!outcomes.anyFailed()) {
            claimed.commitTransaction();
            return List.of();
        }
        claimed.abortTransaction();
        List<PreparedContact> refused = refused(claimed, contacts, outcomes);
        if (refused.isEmpty()) {
            throw outcomes.firstFailure();
        }
        LOG.info("Filter {}: Kafka refused {} contact record(s); their page is sent again without them",
                refused.get(0).record().filterId(), refused.size());
        return refused;
    }

    /**
     * The contacts Kafka refused for what they are, each with the refusal. One refused while being sent
     * (larger than the producer takes, unserialisable) is known at once. The broker's refusal (a topic's
     * smaller record size limit) arrives later, and the records of the transaction not sent yet fail with
     * the same error; then each suspect is tried alone, in a transaction that is always aborted.
     */
    private List<PreparedContact> refused(Producer<String, byte[]> claimed, List<Sending> contacts,
            Outcomes outcomes) {
        List<PreparedContact> refusedWhileSent = new ArrayList<>();
        List<Sending> suspects = new ArrayList<>();
        for (int index = 0; index < contacts.size(); index++) {
            Outcome outcome = outcomes.at(index);
            if (outcome != null && outcome.refusedWhileSent()) {
                refusedWhileSent.add(contacts.get(index).entry().refused(outcome.failure()));
            } else if (outcome != null && RecordRefusals.isRefusal(outcome.failure())) {
                suspects.add(contacts.get(index));
            }
        }
        if (!refusedWhileSent.isEmpty()) {
            return refusedWhileSent;
        }
        List<PreparedContact> refusedAlone = new ArrayList<>();
        for (Sending suspect : suspects) {
            RuntimeException refusal = refusalAlone(claimed, suspect.update());
            if (refusal != null) {
                refusedAlone.add(suspect.entry().refused(refusal));
            }
        }
        return refusedAlone;
    }

    /** Kafka's refusal of the record sent alone, or null when it takes it; the trial publishes nothing. */
    private RuntimeException refusalAlone(Producer<String, byte[]> claimed, ContactUpdate update) {
        claimed.beginTransaction();
        try {
            claimed.send(kafkaRecords.contact(update.contact(), update.topic())).get(acknowledgementTimeout.get().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException failed) {
            return RecordRefusals.isRefusal(failed.getCause()) ? (RuntimeException) failed.getCause() : null;
        } catch (KafkaException thrown) {
            return RecordRefusals.isRefusal(thrown) ? thrown : null;
        } catch (java.util.concurrent.TimeoutException unanswered) {
            throw new TimeoutException("Kafka did not answer for a record tried alone within " + acknowledgementTimeout.get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying a refused record alone", interrupted);
        } finally {
            claimed.abortTransaction();
        }
    }

    /**
     * The producer holding the transactional id, claimed now if none does: initialising it fences the
     * earlier holders and ends their open transaction, then the memory reads what they committed.
     */
    private Producer<String, byte[]> claimed() {
        if (producer == null) {
            Producer<String, byte[]> claiming = transactionalProducers.get();
            try {
                claiming.initTransactions();
                publishedContacts.catchUp();
            } catch (RuntimeException failed) {
                claiming.close(Duration.ZERO);
                throw failed;
            }
            producer = claiming;
        }
        return producer;
    }

    /** After a failed transaction: the next page claims the id with a new producer. */
    private void dropProducer() {
        Producer<String, byte[]> dropped = producer;
        producer = null;
        if (dropped != null) {
            dropped.close(Duration.ZERO);
        }
    }

    @Override
    public void start() {
        // the producer is made before the first page, not while the application starts
    }

    @Override
    public void stop() {
        // the routes stopped first: no page is in flight, unless a shutdown gave up waiting for it
        Producer<String, byte[]> closing = producer;
        producer = null;
        if (closing != null) {
            closing.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * What Kafka answered for one record: its failure, and whether that was Kafka refusing the record while
     * it was being sent, which then is this record's own refusal.
     */
    private record Outcome(RuntimeException failure, boolean refusedWhileSent) {
    }

    /** Kafka's answers for the records of one transaction. */
    private static final class Outcomes {

        private final Thread sending = Thread.currentThread();
        private final AtomicReferenceArray<Outcome> contacts;
        private final AtomicReference<RuntimeException> first = new AtomicReference<>();
        private final Semaphore answers = new Semaphore(0);
        private int sent;

        Outcomes(int contactCount) {
            contacts = new AtomicReferenceArray<>(contactCount);
        }

        /** The callback of one contact's record; Kafka calls it on the sending thread when it refuses the record in send(). */
        Callback of(int index) {
            return (metadata, failure) -> {
                if (failure != null) {
                    failed(index, failure, Thread.currentThread() == sending);
                }
                answers.release();
            };
        }

        /** The callback of a record that is not a contact's (a fingerprint). */
        Callback ofPage() {
            return (metadata, failure) -> {
                if (failure != null) {
                    first.compareAndSet(null, runtime(failure));
                }
                answers.release();
            };
        }

        /** A record was handed to the producer, which answers for it in its callback. */
        void sent() {
            sent++;
        }

        /** Waits until Kafka answered for every record sent. */
        void awaitAnswers(Duration timeout) {
            try {
                if (!answers.tryAcquire(sent, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TimeoutException("Kafka did not answer for the page's records within " + timeout);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptException(interrupted);
            }
        }

        /** send() threw: an unserialisable record is refused; a transaction that had failed already is not. */
        void thrownAt(int index, KafkaException thrown) {
            failed(index, thrown, true);
        }

        private void failed(int index, Exception failure, boolean whileSent) {
            RuntimeException runtime = runtime(failure);
            contacts.set(index, new Outcome(runtime, whileSent && RecordRefusals.refuses(runtime)));
            first.compareAndSet(null, runtime);
        }

        private static RuntimeException runtime(Exception failure) {
            return failure instanceof RuntimeException runtime ? runtime : new KafkaException(failure);
        }

        boolean anyFailed() {
            return first.get() != null;
        }

        Outcome at(int index) {
            return contacts.get(index);
        }

        RuntimeException firstFailure() {
            return first.get();
        }
    }
}
