package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import io.smartleadkafkaroutes.dedup.MemoryValue;
import io.smartleadkafkaroutes.dedup.RememberedContact;
import io.smartleadkafkaroutes.dedup.RemovalRule;
import io.smartleadkafkaroutes.support.Eventually;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the memory of published contacts costs, per 100,000 contacts: the live heap it holds once loaded
 * (each contact with its fingerprint, topic and filter), how long loading them from the memory topic takes at
 * start, and how long the follower takes to apply 100,000 more written while it runs.
 */
final class MemoryFootprint {

    private static final int CONTACTS = 100_000;
    private static final List<String> TOPICS = List.of("smartlead.contacts.verified", "smartlead.contacts.catch-all",
            "smartlead.contacts.invalid");

    private final BenchmarkEnvironment env;

    MemoryFootprint(BenchmarkEnvironment env) {
        this.env = env;
    }

    void measure(PrintStream out) throws Exception {
        String topic = env.runPrefix("memory") + ".published";
        try {
            write(topic, 0);
            MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
            long before = liveHeap(heap);
            KafkaPublishedContacts memory = new KafkaPublishedContacts(topic, this::readerSettings, Duration.ofMinutes(2),
                    () -> Duration.ofSeconds(2), () -> { }, new RemovalRule(2, 50, 4), TOPICS, List.of(327105L));
            long began = System.nanoTime();
            memory.start();
            memory.awaitLoaded();
            double loadSeconds = (System.nanoTime() - began) / 1e9;
            long held = liveHeap(heap) - before;
            long followBegan = System.nanoTime();
            write(topic, CONTACTS);
            Eventually.until(() -> memory.size() >= 2 * CONTACTS, Duration.ofMinutes(2),
                    () -> "the memory holds " + memory.size() + " of " + 2 * CONTACTS);
            double followSeconds = (System.nanoTime() - followBegan) / 1e9;
            memory.stop();
            out.printf("%nPublished-contacts memory, per %,d contacts (fingerprint, topic and filter each):%n", CONTACTS);
            out.printf("  live heap          %,.1f MB (%,d bytes per contact)%n", held / 1e6, held / CONTACTS);
            out.printf("  loaded at start    %.2f s%n", loadSeconds);
            out.printf("  followed           %.2f s (100,000 more written while it runs, written and applied)%n",
                    followSeconds);
        } finally {
            env.dropTopics(env.runPrefix("memory"));
        }
    }

    private Properties readerSettings() {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        return settings;
    }

    private void write(String topic, int from) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            for (int index = from; index < from + CONTACTS; index++) {
                RememberedContact contact = RememberedContact.of(UUID.randomUUID().toString().replace("-", ""),
                        TOPICS.get(index % TOPICS.size()), List.of(327105L));
                producer.send(new ProducerRecord<>(topic, String.format("%08x%016x", 327105, index * 0x9E3779B97F4A7C15L),
                        MemoryValue.encode(contact)));
            }
            producer.flush();
        }
    }

    private static long liveHeap(MemoryMXBean heap) {
        for (int pass = 0; pass < 3; pass++) {
            System.gc();
        }
        return heap.getHeapMemoryUsage().getUsed();
    }
}
