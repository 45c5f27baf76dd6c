package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.camel.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of what was published, kept in a compacted Kafka topic keyed by contact id (value: the
 * fingerprint), so it survives restarts and is shared by replicas. On start it reads the whole topic
 * before any poll can run, then follows it, so what another replica publishes is known here too.
 */
public final class KafkaPublishedContacts extends PublishedContacts implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublishedContacts.class);

    private final String topic;
    private final Supplier<Properties> consumerSettings;
    private final Supplier<Properties> producerSettings;
    private final Duration loadTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread follower;

    public KafkaPublishedContacts(String topic, Supplier<Properties> consumerSettings,
            Supplier<Properties> producerSettings, Duration loadTimeout) {
        super(true);
        this.topic = topic;
        this.consumerSettings = consumerSettings;
        this.producerSettings = producerSettings;
        this.loadTimeout = loadTimeout;
    }

    /** Camel starts this once as a context service and again as the routes' bean: loading happens once. */
    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Instant began = Instant.now();
        Properties consumerProps = consumerSettings.get();
        // no consumer group: every replica reads the whole topic, and nothing is committed
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        createTopicIfMissing(consumerProps);
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, loadTimeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, loadTimeout);
            Instant deadline = began.plus(loadTimeout);
            while (!partitions.stream().allMatch(p -> consumer.position(p, loadTimeout) >= end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("timed out");
                }
                applyAll(consumer.poll(Duration.ofMillis(200)));
            }
        } catch (RuntimeException unavailable) {
            consumer.close();
            started.set(false);
            throw new IllegalStateException("Cannot read the published-contacts topic " + topic + " within "
                    + loadTimeout.toSeconds() + " s (" + unavailable.getMessage() + "): is Kafka reachable at "
                    + consumerProps.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + "? Set smartlead.dedup.store=memory"
                    + " or smartlead.dedup.enabled=false to run without it", unavailable);
        }
        LOG.info("Loaded {} published contacts from {} in {} ms", size(), topic,
                Duration.between(began, Instant.now()).toMillis());
        Properties producerProps = producerSettings.get();
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        running.set(true);
        follower = new Thread(this::follow, "published-contacts-follower");
        follower.setDaemon(true);
        follower.start();
    }

    /** Keeps applying what this and other replicas remember. */
    private void follow() {
        try (KafkaConsumer<String, String> following = consumer) {
            while (running.get()) {
                applyAll(consumer.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up
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

    private void createTopicIfMissing(Properties clientProps) {
        try (Admin admin = Admin.create(clientProps)) {
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
        if (!started.compareAndSet(true, false)) {
            return;
        }
        running.set(false);
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        if (follower != null) {
            consumer.wakeup();
            try {
                follower.join(10_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
