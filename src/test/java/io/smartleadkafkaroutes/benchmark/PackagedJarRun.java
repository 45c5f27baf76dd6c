package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import io.smartleadkafkaroutes.config.SmartleadSettings;
import io.smartleadkafkaroutes.it.AppFixture;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.TestTopics;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar started with {@code java -jar}, as in its container (512 MiB limit), for the figures
 * only a process of its own shows: start-up, heap growth and peak RSS. The poll waits a short initial
 * delay so the idle heap can be measured after a full collection before the first request.
 */
final class PackagedJarRun {

    /** The deployment's JVM options, in a 512 MiB container: there the JVM picks the serial collector by itself. */
    static final List<String> CONTAINER_JVM = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=75.0", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError");
    static final Duration INITIAL_DELAY = Duration.ofSeconds(3);

    private static final Path JAR = Path.of("target", "smartlead-kafka-routes.jar");
    private static final Path WORK = Path.of("target", "benchmark");

    private final BenchmarkEnvironment env;

    PackagedJarRun(BenchmarkEnvironment env) {
        this.env = env;
    }

    JarFigures once(String runPrefix) throws Exception {
        TestTopics topics = env.freshTopics(runPrefix);
        Path work = Files.createDirectories(WORK.resolve(runPrefix));
        Path output = work.resolve("output.txt");
        int mark = env.requestMark();
        Instant launched = Instant.now();
        Process app = javaJar(topics, work).start();
        try {
            Eventually.until(() -> !app.isAlive() || read(output).contains(" started in "), Duration.ofSeconds(60),
                    () -> "the application did not start; see " + output);
            if (!app.isAlive()) {
                throw new IllegalStateException("the application stopped; see " + output);
            }
            try (ChildHeap heap = ChildHeap.attach(app.pid())) {
                long idle = heap.usedAfterFullCollection();
                if (env.requestsSince(mark) > 0) {
                    throw new IllegalStateException("the poll began before the idle heap was measured: raise INITIAL_DELAY");
                }
                heap.watchPeaks();
                env.awaitAllRecords(topics.all(), Duration.ofMinutes(5));
                long peak = heap.peakUsed();
                long retained = heap.usedAfterFullCollection();
                Instant firstRequest = env.firstRequestSince(mark);
                return new JarFigures(env.measure(topics.all(), firstRequest),
                        Duration.between(launched, firstRequest).minus(INITIAL_DELAY), peak - idle, retained - idle,
                        peakRss(app.pid()));
            }
        } finally {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private ProcessBuilder javaJar(TestTopics topics, Path work) throws Exception {
        Properties settings = env.bundleSettings(topics);
        settings.remove("smartlead.api.key");
        settings.put("smartlead.poll.initial-delay", Long.toString(INITIAL_DELAY.toMillis()));
        Path settingsFile = work.resolve("benchmark.properties").toAbsolutePath();
        try (Writer out = Files.newBufferedWriter(settingsFile)) {
            settings.store(out, "one poll of the benchmark's filter");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CONTAINER_JVM);
        if (env.options().flightRecording()) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + work.toAbsolutePath().resolve("recording.jfr"));
        }
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().put(SmartleadSettings.API_KEY_ENV, AppFixture.API_KEY);
        builder.environment().put(SmartleadKafkaRoutes.CONFIG_FILE, settingsFile.toString());
        return builder;
    }

    /** The most physical memory the process ever held (VmHWM), in bytes. */
    private static long peakRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for process " + pid);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception unreadable) {
            return "";
        }
    }
}
