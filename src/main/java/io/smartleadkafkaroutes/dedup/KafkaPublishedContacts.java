package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.config.InvalidSettingException;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.camel.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of what was published, kept in a compacted Kafka topic keyed by contact id (value: the
 * fingerprint), so it survives restarts and is shared by replicas. It is read in the background while
 * the application starts, again and again until Kafka answers, and no poll runs before it is read;
 * then it follows the topic, so what another replica publishes is known here too.
 */
public final class KafkaPublishedContacts extends PublishedContacts implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublishedContacts.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final String topic;
    private final Supplier<Properties> consumerSettings;
    private final Supplier<Properties> producerSettings;
    private final Duration loadTimeout;
    private final Supplier<Duration> closeTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Properties readerSettings;
    private KafkaConsumer<String, String> reader;
    private KafkaProducer<String, String> producer;
    private Thread follower;

    /** {@code closeTimeout}: how long each Kafka client gets to close when the application stops. */
    public KafkaPublishedContacts(String topic, Supplier<Properties> consumerSettings,
            Supplier<Properties> producerSettings, Duration loadTimeout, Supplier<Duration> closeTimeout) {
        super(true);
        this.topic = topic;
        this.consumerSettings = consumerSettings;
        this.producerSettings = producerSettings;
        this.loadTimeout = loadTimeout;
        this.closeTimeout = closeTimeout;
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
        Properties writerSettings = producerSettings.get();
        try {
            reader = new KafkaConsumer<>(readerSettings, new StringDeserializer(), new StringDeserializer());
            producer = new KafkaProducer<>(writerSettings, new StringSerializer(), new StringSerializer());
        } catch (KafkaException refused) {
            running.set(false);
            if (reader != null) {
                reader.close(Duration.ZERO);
            }
            throw refusal(refused, readerSettings, writerSettings);
        }
        follower = new Thread(this::loadThenFollow, "published-contacts");
        follower.setDaemon(true);
        follower.start();
    }

    /** Waits until the topic has been read; false only when the application stops first. */
    @Override
    public boolean awaitLoaded() {
        try {
            while (running.get()) {
                if (loaded.await(1, TimeUnit.SECONDS)) {
                    return true;
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

    /** Reads the whole topic; false (logged) when Kafka did not answer in time. */
    private boolean load() {
        Instant began = Instant.now();
        createTopicIfMissing();
        try {
            List<TopicPartition> partitions = reader.partitionsFor(topic, loadTimeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, loadTimeout);
            Instant deadline = began.plus(loadTimeout);
            while (!partitions.stream().allMatch(p -> reader.position(p, loadTimeout) >= end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("timed out");
                }
                applyAll(reader.poll(Duration.ofMillis(200)));
            }
        } catch (RuntimeException unavailable) {
            if (running.get()) {
                LOG.warn("Cannot read the published-contacts topic {} within {} s ({}): is Kafka reachable at {}? Trying"
                        + " again; no poll runs until it is read (smartlead.dedup.store=memory or"
                        + " smartlead.dedup.enabled=false run without it)", topic, loadTimeout.toSeconds(),
                        unavailable.getMessage(), readerSettings.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            return false;
        }
        LOG.info("Loaded {} published contacts from {} in {} ms", size(), topic,
                Duration.between(began, Instant.now()).toMillis());
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
                applyAll(reader.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException stopping) {
            // stop() woke the reader up
        } catch (RuntimeException failed) {
            LOG.warn("Stopped following {}: {}", topic, failed.toString());
        }
    }

    private void applyAll(ConsumerRecords<String, String> records) {
        records.forEach(record -> apply(record.key(), record.value()));
    }

    @Override
    protected void stored(ContactRecord contact) {
        producer.send(new ProducerRecord<>(topic, contact.id(), contact.fingerprint()), (metadata, failure) -> {
            if (failure != null) {
                // not fatal: the contact is published again by the next poll
                LOG.warn("Could not remember contact {} in {}: {}", contact.id(), topic, failure.toString());
            }
        });
    }

    private void createTopicIfMissing() {
        try (Admin admin = Admin.create(readerSettings)) {
            Set<String> existing = admin.listTopics().names().get();
            if (!existing.contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
                LOG.info("Created the compacted topic {}", topic);
            }
        } catch (Exception cannot) {
            LOG.warn("Could not check or create the topic {} ({}); it must exist, compacted", topic, cannot.toString());
        }
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        Duration timeout = closeTimeout.get();
        producer.close(timeout);
        // the reader waits in a Kafka call (woken up) or between attempts (released)
        stopping.countDown();
        reader.wakeup();
        try {
            follower.join(timeout.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Kafka client's own words, down its chain of causes, without the values of the settings it keeps secret. */
    private static InvalidSettingException refusal(KafkaException refused, Properties... clientSettings) {
        StringBuilder reasons = new StringBuilder();
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && reasons.indexOf(cause.getMessage()) < 0) {
                reasons.append(": ").append(cause.getMessage());
            }
        }
        String reason = reasons.toString();
        for (Properties settings : clientSettings) {
            for (String name : settings.stringPropertyNames()) {
                String value = String.valueOf(settings.get(name));
                if (isSecret(name) && !value.isBlank()) {
                    reason = reason.replace(value, "***");
                }
            }
        }
        return new InvalidSettingException("The Kafka client refuses the Kafka settings (camel.component.kafka.*, the"
                + " KAFKA_* environment variables)" + reason);
    }

    private static boolean isSecret(String name) {
        return Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef())
                .map(definitions -> definitions.configKeys().get(name))
                .anyMatch(definition -> definition != null && definition.type == ConfigDef.Type.PASSWORD);
    }
}
