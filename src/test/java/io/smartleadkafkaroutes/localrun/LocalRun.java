package io.smartleadkafkaroutes.localrun;

import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.EmbeddedKafka;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import sun.misc.Signal;

/**
 * The newcomer's local run: the whole application against the SmartLead simulator and an in-process
 * Kafka broker, printing how many records reached each topic as they arrive. Needs no API key and no
 * Kafka install. Stops on Ctrl-C, or by itself after the duration given as first argument (60s, 5m, 1h;
 * 0 or none = until Ctrl-C).
 */
public final class LocalRun {

    private static final Map<Long, Integer> FILTERS = Map.of(327105L, 2345, 4242L, 700);

    private final AtomicBoolean running = new AtomicBoolean(true);

    public static void main(String[] args) throws Exception {
        Duration duration = parseDuration(args.length > 0 ? args[0] : "0");
        new LocalRun().run(duration);
    }

    static Duration parseDuration(String text) {
        Matcher matcher = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("duration '" + text + "' is not like 60s, 5m, 1h or 0 (until Ctrl-C)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private void run(Duration duration) throws Exception {
        String apiKey = "local-" + UUID.randomUUID();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                SmartleadSimulator simulator = new SmartleadSimulator(apiKey).start()) {
            FILTERS.forEach(simulator::withFilter);
            Properties settings = new Properties();
            settings.put("smartlead.api.base-url", simulator.baseUrl());
            settings.put("smartlead.api.key", apiKey);
            settings.put("camel.component.kafka.brokers", kafka.bootstrapServers());
            settings.put("smartlead.poll.filter-ids", "327105,4242");
            settings.put("smartlead.poll.limit", "10000");
            settings.put("smartlead.poll.page-size", "500");
            settings.put("smartlead.poll.period", "30s");
            settings.put("smartlead.poll.initial-delay", "0");
            // the memory of published contacts lives as long as this run
            settings.put("smartlead.dedup.store", "memory");
            Main app = SmartleadKafkaRoutes.create(settings);
            app.init();
            List<String> topics = topics(app);
            kafka.createTopics(topics);
            // Ctrl-C ends the run loop instead of starting JVM shutdown: shutdown hooks run in no set
            // order, and the in-process broker's hook would delete its files under the running application
            Signal.handle(new Signal("INT"), signal -> running.set(false));
            Signal.handle(new Signal("TERM"), signal -> running.set(false));
            app.start();
            System.out.printf("%nLocal run: simulator at %s, filters %s; %s%n", simulator.baseUrl(), FILTERS,
                    duration.isZero() ? "Ctrl-C stops it" : "stops after " + duration.toSeconds() + " s (or Ctrl-C)");
            System.out.printf("%s%n%n", watchCommand(kafka.bootstrapServers(), app.getCamelContext()
                    .resolvePropertyPlaceholders("{{" + EmailStatus.VERIFIED.topicSetting() + "}}")));
            try {
                countArrivals(kafka.bootstrapServers(), topics, duration);
            } finally {
                app.stop();
            }
        }
        System.out.println("Local run stopped.");
    }

    /**
     * Where the broker is and a command that shows a topic's records as they are committed: kcat's, with Kafka's
     * console consumer as the other way when kcat is not installed.
     */
    private static String watchCommand(String bootstrapServers, String topic) {
        String kcat = "kcat -b " + bootstrapServers + " -C -t " + topic + " -X isolation.level=read_committed -f '%k %s\\n'";
        String line = "Kafka at " + bootstrapServers + "; watch with: " + kcat;
        if (onPath("kcat")) {
            return line;
        }
        return line + System.lineSeparator() + "(kcat is not installed: apt-get install -y kcat, brew install kcat; or from a"
                + " Kafka download: bin/kafka-console-consumer.sh --bootstrap-server " + bootstrapServers + " --topic " + topic
                + " --from-beginning --isolation-level read_committed --property print.key=true)";
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    private static List<String> topics(Main app) {
        List<String> topics = new ArrayList<>();
        for (EmailStatus category : EmailStatus.values()) {
            topics.add(app.getCamelContext().resolvePropertyPlaceholders("{{" + category.topicSetting() + "}}"));
        }
        topics.add(app.getCamelContext().resolvePropertyPlaceholders("{{smartlead.topics.dead-letter}}"));
        return topics;
    }

    /** Reads every topic from the start and prints the counts per topic whenever they change, at most once a second. */
    private void countArrivals(String bootstrapServers, List<String> topics, Duration duration) {
        Map<String, Long> counts = new LinkedHashMap<>();
        topics.forEach(topic -> counts.put(topic, 0L));
        Instant start = Instant.now();
        Instant end = duration.isZero() ? Instant.MAX : start.plus(duration);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-run-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // as a consumer of the topics should: the records of an aborted page would be counted twice
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            String printed = "";
            Instant lastPrint = Instant.EPOCH;
            while (running.get() && Instant.now().isBefore(end)) {
                consumer.poll(Duration.ofMillis(250)).forEach(record -> counts.merge(record.topic(), 1L, Long::sum));
                String line = line(counts);
                if (!line.equals(printed) && Duration.between(lastPrint, Instant.now()).toMillis() >= 1000) {
                    System.out.printf("[%4ds] %s%n", Duration.between(start, Instant.now()).toSeconds(), line);
                    printed = line;
                    lastPrint = Instant.now();
                }
            }
            System.out.printf("[%4ds] %s (final)%n", Duration.between(start, Instant.now()).toSeconds(), line(counts));
        }
    }

    private static String line(Map<String, Long> counts) {
        StringBuilder line = new StringBuilder();
        counts.forEach((topic, count) -> line.append(line.length() == 0 ? "" : " | ").append(topic).append(' ').append(count));
        return line.toString();
    }
}
