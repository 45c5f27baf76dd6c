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
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the memory of published contacts costs: the live heap per contact once loaded (each with its
 * fingerprint, topic and filter), how long loading takes at start, how long the follower takes to apply
 * 100,000 more written while it runs; and the packaged jar, in the pod's 512 MiB with the image's JVM flags,
 * loading 5 million.
 */
final class MemoryFootprint {

    private static final int FOLLOWED = 100_000;
    private static final int IN_THE_POD = 5_000_000;
    private static final List<String> TOPICS = List.of("smartlead.contacts.verified", "smartlead.contacts.catch-all",
            "smartlead.contacts.invalid");

    private final BenchmarkEnvironment env;
    private final PackagedJarRun jar;

    MemoryFootprint(BenchmarkEnvironment env, PackagedJarRun jar) {
        this.env = env;
        this.jar = jar;
    }

    void measure(PrintStream out) throws Exception {
        out.printf("%nPublished-contacts memory (fingerprint, topic and filter of each contact):%n");
        for (int contacts : List.of(100_000, 1_000_000)) {
            inThisJvm(out, contacts);
        }
        PackagedJarRun.MemoryLoad pod = jar.memoryLoad(env.runPrefix("memory-pod"), topic -> write(topic, 0, IN_THE_POD));
        out.printf("  %,d in the packaged jar (512 MiB, the image's JVM flags): %s%n", IN_THE_POD, pod.logLine());
        out.printf("    heap after a full collection %,.0f MB of %,.0f MB: %.0f %% free for polling; peak RSS %,.0f MB%n",
                pod.heapUsed() / 1e6, pod.heapMax() / 1e6, 100.0 * (pod.heapMax() - pod.heapUsed()) / pod.heapMax(),
                pod.peakRss() / 1e6);
    }

    private void inThisJvm(PrintStream out, int contacts) throws Exception {
        String prefix = env.runPrefix("memory-" + contacts);
        String topic = prefix + ".published";
        try {
            write(topic, 0, contacts);
            MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
            long before = liveHeap(heap);
            KafkaPublishedContacts memory = new KafkaPublishedContacts(topic, this::readerSettings, Duration.ofMinutes(2),
                    () -> Duration.ofSeconds(2), () -> { }, () -> null, new RemovalRule(2, 50, 4), TOPICS, List.of(327105L),
                    Runtime.getRuntime().maxMemory() / 2);
            long began = System.nanoTime();
            memory.start();
            memory.awaitLoaded();
            double loadSeconds = (System.nanoTime() - began) / 1e9;
            long held = liveHeap(heap) - before;
            long followBegan = System.nanoTime();
            write(topic, contacts, FOLLOWED);
            Eventually.until(() -> memory.size() >= contacts + FOLLOWED, Duration.ofMinutes(2),
                    () -> "the memory holds " + memory.size() + " of " + (contacts + FOLLOWED));
            double followSeconds = (System.nanoTime() - followBegan) / 1e9;
            memory.stop();
            out.printf("  %,9d in this JVM: live heap %,.1f MB (%d bytes per contact), loaded in %.2f s; %,d more"
                    + " written and followed in %.2f s%n", contacts, held / 1e6, held / contacts, loadSeconds, FOLLOWED,
                    followSeconds);
        } finally {
            env.dropTopics(prefix);
        }
    }

    private Properties readerSettings() {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        return settings;
    }

    /** Contacts {@code from} .. {@code from + count} of one filter, on three topics, as the bundle remembers them. */
    private void write(String topic, int from, int count) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        SplittableRandom random = new SplittableRandom(from);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            for (int index = from; index < from + count; index++) {
                RememberedContact contact = RememberedContact.of(random.nextLong(), TOPICS.get(index % TOPICS.size()),
                        List.of(327105L));
                String id = HexFormat.of().toHexDigits(0x5f22b0c8cff47e00L + index) + HexFormat.of().toHexDigits(index);
                producer.send(new ProducerRecord<>(topic, id, MemoryValue.encode(contact)));
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
