package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import io.smartleadkafkaroutes.model.KafkaClientRefusal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of what was published, kept in a compacted Kafka topic keyed by contact id (value:
 * {@link MemoryValue}, the fingerprint, topic and filters), so it survives restarts and is shared by replicas. The fingerprints are written in the
 * transaction of their contacts' page and read {@code read_committed}: the memory holds exactly the pages
 * that were committed. It is read in the background while the application starts, again and again until
 * Kafka answers, and no poll runs before it is read; then it follows the topic, so what another replica
 * (or this application before a restart) committed is known here too.
 */
public final class KafkaPublishedContacts extends PublishedContacts implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublishedContacts.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** Longer than any value the bundle writes: a topic and some thousand filter ids. */
    private static final int MAX_VALUE_CHARACTERS = 65_536;
    /** How long one poll of the follower waits for news, so the read positions are never older than this. */
    private static final Duration FOLLOW_POLL = Duration.ofMillis(100);
    /** How often the follower looks whether the topic is still there and compacted. */
    private static final Duration TOPIC_WATCH = Duration.ofSeconds(2);
    /** How old a look may be when a page is about to be published. */
    private static final Duration TOPIC_LOOK_FRESH = Duration.ofSeconds(1);

    private final String topic;
    private final Supplier<Properties> consumerSettings;
    private final Duration loadTimeout;
    private final Supplier<Duration> closeTimeout;
    private final Runnable topicCheck;
    private final Supplier<String> topicWatch;
    private volatile String topicProblem;
    private volatile long topicLookedAt = System.nanoTime();
    /** One look at a time, apart from the memory's own lock: a look waits for Kafka. */
    private final Object topicLook = new Object();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile String stoppedFollowing;
    private volatile Instant stoppedFollowingAt;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** How far the topic has been read, partition by partition; guarded by itself for {@link #catchUp}. */
    private final Map<TopicPartition, Long> readUpTo = new ConcurrentHashMap<>();
    private Properties readerSettings;
    private KafkaConsumer<String, String> reader;
    private Admin admin;
    private Thread follower;

    /**
     * {@code closeTimeout}: how long each Kafka client gets to close when the application stops;
     * {@code topicCheck}: makes sure the topics are right (this one compacted) before it is read, throwing
     * {@link InvalidSettingException} when one is not and a Kafka exception when Kafka does not answer;
     * {@code topicWatch}: what is wrong with this topic now (it was deleted, it is not compacted), or null.
     */
    public KafkaPublishedContacts(String topic, Supplier<Properties> consumerSettings, Duration loadTimeout,
            Supplier<Duration> closeTimeout, Runnable topicCheck, Supplier<String> topicWatch, RemovalRule removalRule,
            Collection<String> categoryTopics, List<Long> configuredFilters, long maxBytes) {
        super(true, removalRule, categoryTopics, configuredFilters, maxBytes);
        this.topic = topic;
        this.consumerSettings = consumerSettings;
        this.loadTimeout = loadTimeout;
        this.closeTimeout = closeTimeout;
        this.topicCheck = topicCheck;
        this.topicWatch = topicWatch;
    }

    /**
     * Camel starts this once as a context service and again as the routes' bean: it runs once. The Kafka
     * clients are made here, not in the background, so that settings the Kafka client refuses stop the start
     * with its reason, instead of a reading thread that dies and polls that wait for it for ever.
     */
    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        readerSettings = consumerSettings.get();
        // no consumer group: every replica reads the whole topic, and nothing is committed
        readerSettings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        readerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // only what committed pages wrote: an aborted page is published again by the next poll
        readerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // a topic deleted and created again is read from its beginning
        readerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the whole topic is read at every start: many records a poll
        readerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        // the bundle makes this topic itself, compacted: never the broker, with its defaults
        readerSettings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try {
            reader = new KafkaConsumer<>(readerSettings, new StringDeserializer(), new StringDeserializer());
            admin = Admin.create(readerSettings);
        } catch (KafkaException refused) {
            running.set(false);
            if (reader != null) {
                reader.close(Duration.ZERO);
            }
            throw KafkaClientRefusal.of(refused, readerSettings);
        }
        follower = new Thread(this::loadThenFollow, "published-contacts");
        follower.setDaemon(true);
        follower.start();
    }

    /** Waits until the topic has been read; false only when the application stops first. */
    @Override
    public boolean awaitLoaded() {
        try {
            while (running.get() && full() == null) {
                if (loaded.await(1, TimeUnit.SECONDS)) {
                    return full() == null && following() && topicProblem == null;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return isLoaded();
    }

    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** Why the follower stopped following the topic, or null while it follows (or has not begun). */
    public String stoppedFollowing() {
        return stoppedFollowing;
    }

    /** When the follower stopped following the topic, or null. */
    public Instant stoppedFollowingAt() {
        return stoppedFollowingAt;
    }

    private boolean following() {
        return stoppedFollowing == null;
    }

    public String topic() {
        return topic;
    }

    /** The reader is this thread's alone (a Kafka consumer is not thread-safe): it closes it too. */
    private void loadThenFollow() {
        try {
            Duration retryDelay = Duration.ofSeconds(1);
            while (running.get() && !load()) {
                if (!pause(retryDelay)) {
                    return;
                }
                retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY
                        : retryDelay.multipliedBy(2);
            }
            if (running.get()) {
                follow();
            }
        } finally {
            reader.close(closeTimeout.get());
        }
    }

    /** Reads the whole topic; false (logged) when Kafka did not answer in time or the topic is not right. */
    private boolean load() {
        Instant began = Instant.now();
        try {
            topicCheck.run();
        } catch (InvalidSettingException wrong) {
            LOG.error("Cannot poll: {}; checked again until it is right, no poll runs meanwhile", wrong.getMessage());
            return false;
        } catch (RuntimeException unchecked) {
            // Kafka did not answer: said below, when reading fails too
            LOG.debug("Could not check the topics: {}", unchecked.toString());
        }
        try {
            List<TopicPartition> partitions = reader.partitionsFor(topic, loadTimeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                // a topic created a moment ago, whose partitions the broker does not list yet
                throw new NotYetReadable("it has no partitions yet");
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, loadTimeout);
            Map<TopicPartition, Long> beginning = reader.beginningOffsets(partitions, loadTimeout);
            // at most as many contacts as records: their room is made at once, not grown record by record
            presize(partitions.stream().mapToLong(p -> end.get(p) - beginning.get(p)).sum());
            Instant deadline = began.plus(loadTimeout);
            while (!partitions.stream().allMatch(p -> reader.position(p, loadTimeout) >= end.get(p)) && full() == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new org.apache.kafka.common.errors.TimeoutException("timed out");
                }
                applyAll(reader.poll(Duration.ofMillis(200)));
            }
            trim();
            noteReadPositions();
        } catch (NotYetReadable notYet) {
            LOG.warn("Cannot read the published-contacts topic {} yet: {}; trying again, no poll runs until it is read",
                    topic, notYet.getMessage());
            return false;
        } catch (KafkaException unavailable) {
            if (running.get()) {
                LOG.warn("Cannot read the published-contacts topic {} within {} s ({}): is Kafka reachable at {}? Trying"
                        + " again; no poll runs until it is read (smartlead.dedup.store=memory or"
                        + " smartlead.dedup.enabled=false run without it)", topic, loadTimeout.toSeconds(),
                        unavailable.getMessage(), readerSettings.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            return false;
        }
        if (full() != null) {
            return true;
        }
        LOG.info("Loaded {} published contacts from {} in {} ms{}", size(), topic,
                Duration.between(began, Instant.now()).toMillis(),
                unreadable.get() == 0 ? "" : "; " + unreadable.get() + " records could not be read and were skipped");
        loaded.countDown();
        return true;
    }

    /** Waits before the next attempt; false when stopped meanwhile. */
    private boolean pause(Duration delay) {
        try {
            return !stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Keeps applying what this and other replicas remember. */
    private void follow() {
        try {
            while (running.get()) {
                applyAll(reader.poll(FOLLOW_POLL));
                noteReadPositions();
                if (System.nanoTime() - topicLookedAt > TOPIC_WATCH.toNanos()) {
                    lookAtTopic();
                }
            }
        } catch (WakeupException stopped) {
            // stop() woke the reader up
        } catch (RuntimeException failed) {
            stoppedFollowingAt = Instant.now();
            stoppedFollowing = failed.toString();
            LOG.error("Stopped following {}: {}; no poll runs, readiness is DOWN and liveness follows, so the pod is"
                    + " restarted", topic, failed.toString());
        }
    }

    private void applyAll(ConsumerRecords<String, String> records) {
        records.forEach(this::apply);
    }

    /** A record the bundle cannot have written (no key, a value it cannot read) is skipped, named and counted. */
    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            skip(record, "it has no key");
            return;
        }
        if (record.value() != null && record.value().length() > MAX_VALUE_CHARACTERS) {
            skip(record, "its value of " + record.value().length() + " characters is longer than a memory record can be");
            return;
        }
        try {
            apply(record.key(), record.value() == null ? null : MemoryValue.decode(record.value()));
        } catch (IllegalArgumentException unreadableValue) {
            skip(record, "its value cannot be read: " + unreadableValue.getMessage());
        }
    }

    private void skip(ConsumerRecord<String, String> record, String why) {
        unreadable.incrementAndGet();
        LOG.warn("Skipped the record at partition {} offset {} of {}: {}", record.partition(), record.offset(), topic, why);
    }

    /**
     * Refuses a page while the topic is not right (deleted, or not compacted), so that nothing is written that a
     * restart would not read back, and the broker never creates it with its defaults; looked at anew when the
     * last look is older than a second.
     */
    @Override
    public void checkWritable() {
        if (System.nanoTime() - topicLookedAt > TOPIC_LOOK_FRESH.toNanos()) {
            lookAtTopic();
        }
        String problem = topicProblem;
        if (problem != null) {
            throw new IllegalStateException("the published-contacts topic " + topic + " " + problem);
        }
    }

    /** What is wrong with the topic, as last seen, or null. */
    public String topicProblem() {
        return topicProblem;
    }

    private void lookAtTopic() {
        synchronized (topicLook) {
            lookAtTopicNow();
        }
    }

    private void lookAtTopicNow() {
        topicLookedAt = System.nanoTime();
        String problem;
        try {
            problem = topicWatch.get();
        } catch (RuntimeException unanswered) {
            // Kafka does not answer: the page's own transaction will tell
            return;
        }
        if (problem != null && topicProblem == null) {
            LOG.error("No page is published until the published-contacts topic {} is right: {}", topic, problem);
        } else if (problem == null && topicProblem != null) {
            LOG.info("The published-contacts topic {} is right again: polls publish again", topic);
        }
        topicProblem = problem;
    }

    /** Records of the memory topic that could not be read and were skipped. */
    public long unreadable() {
        return unreadable.get();
    }

    /** Each change on the memory topic, keyed by contact id (a forgotten contact: a tombstone), as the follower reads it back. */
    @Override
    public List<ProducerRecord<String, byte[]>> memoryRecords(List<MemoryWrite> writes) {
        return writes.stream().filter(Objects::nonNull)
                // a contact an earlier release remembered keeps its old record until a poll tells its topic
                .filter(write -> write.remembered() == null || write.remembered().topic() != null)
                .map(write -> new ProducerRecord<>(topic, write.id(), write.remembered() == null ? null
                        : MemoryValue.encode(write.remembered()).getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    /**
     * Waits until the follower has read the topic up to its last committed record as of now. Called right
     * after a producer claimed the transactional id: what the fenced producer had committed (another
     * replica, or this application before a crash) is then known before anything is compared with it.
     */
    @Override
    public void catchUp() {
        if (!awaitLoaded()) {
            throw new IllegalStateException("Stopping before the memory of published contacts was read");
        }
        Map<TopicPartition, Long> committedEnd = committedEnd();
        long deadline = System.nanoTime() + loadTimeout.toNanos();
        synchronized (readUpTo) {
            while (!committedEnd.entrySet().stream()
                    .allMatch(end -> readUpTo.getOrDefault(end.getKey(), 0L) >= end.getValue())) {
                long millisLeft = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (millisLeft <= 0 || !running.get()) {
                    throw new IllegalStateException("The published-contacts topic " + topic + " was not read up to "
                            + committedEnd + " within " + loadTimeout.toSeconds() + " s");
                }
                try {
                    readUpTo.wait(millisLeft);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while reading " + topic, interrupted);
                }
            }
        }
    }

    /** Each partition's offset after its last committed record (its last stable offset). */
    private Map<TopicPartition, Long> committedEnd() {
        Map<TopicPartition, OffsetSpec> latest = readUpTo.keySet().stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(loadTimeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
        } catch (Exception unanswered) {
            throw new IllegalStateException("Cannot learn where the published-contacts topic " + topic + " ends",
                    unanswered);
        }
    }

    private void noteReadPositions() {
        synchronized (readUpTo) {
            reader.assignment().forEach(partition -> readUpTo.put(partition, reader.position(partition)));
            readUpTo.notifyAll();
        }
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        Duration timeout = closeTimeout.get();
        // the reader waits in a Kafka call (woken up) or between attempts (released)
        stopping.countDown();
        reader.wakeup();
        try {
            follower.join(timeout.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        admin.close(timeout);
    }

    /** The topic cannot be read yet for a reason that is not Kafka's silence. */
    private static final class NotYetReadable extends RuntimeException {

        NotYetReadable(String why) {
            super(why);
        }
    }
}
