package io.smartleadkafkaroutes.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    static final List<String> CONTAINER_JVM = containerJvm();
    static final Duration INITIAL_DELAY = Duration.ofSeconds(3);

    private static final Path JAR = Path.of("target", "smartlead-kafka-routes.jar");
    private static final Path WORK = Path.of("target", "benchmark");
    /** The Dockerfile's training start for the class-data archive, and the archive it leaves. */
    private static final Path CDS_TRAINING = Path.of("src", "main", "docker", "cds-training.properties");
    private static final Path CDS_ARCHIVE = WORK.resolve("app.jsa");

    private final BenchmarkEnvironment env;

    /** Trains the class-data archive of this jar first, as the image build does. */
    PackagedJarRun(BenchmarkEnvironment env) throws Exception {
        this.env = env;
        Files.deleteIfExists(CDS_ARCHIVE);
        trainClassDataArchive();
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
                // its summary line: the last page's transaction is committed
                Eventually.until(() -> read(output).contains("Filter " + BenchmarkEnvironment.FILTER_ID + ": poll "),
                        Duration.ofMinutes(5), () -> "the poll did not end; see " + output);
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

    /**
     * The jar started with a memory topic that {@code fill} filled, until it has read it (no poll runs): how long
     * that took, and the heap it then holds, after a full collection, of the most the pod gives it.
     */
    MemoryLoad memoryLoad(String runPrefix, java.util.function.Consumer<String> fill) throws Exception {
        TestTopics topics = env.freshTopics(runPrefix);
        fill.accept(topics.published());
        Path work = Files.createDirectories(WORK.resolve(runPrefix));
        Path output = work.resolve("output.txt");
        Process app = javaJar(topics, work, Duration.ofHours(1)).start();
        try {
            Eventually.until(() -> !app.isAlive() || read(output).contains(" published contacts from ")
                            || read(output).contains("No poll runs"), Duration.ofMinutes(5),
                    () -> "the memory was not read; see " + output);
            if (!app.isAlive()) {
                throw new IllegalStateException("the application stopped; see " + output);
            }
            try (ChildHeap heap = ChildHeap.attach(app.pid())) {
                String loaded = read(output).lines().filter(line -> line.contains(" published contacts from ")
                        || line.contains("No poll runs")).findFirst().orElseThrow();
                return new MemoryLoad(loaded.substring(loaded.indexOf(" - ") + 3), heap.usedAfterFullCollection(),
                        heap.max(), peakRss(app.pid()));
            }
        } finally {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
            env.dropTopics(runPrefix);
        }
    }

    /** What the jar said when it had read its memory, and its heap then. */
    record MemoryLoad(String logLine, long heapUsed, long heapMax, long peakRss) {
    }

    private ProcessBuilder javaJar(TestTopics topics, Path work) throws Exception {
        return javaJar(topics, work, INITIAL_DELAY);
    }

    private ProcessBuilder javaJar(TestTopics topics, Path work, Duration initialDelay) throws Exception {
        Properties settings = env.bundleSettings(topics);
        settings.remove("smartlead.api.key");
        settings.put("smartlead.poll.initial-delay", Long.toString(initialDelay.toMillis()));
        Path settingsFile = work.resolve("benchmark.properties").toAbsolutePath();
        try (Writer out = Files.newBufferedWriter(settingsFile)) {
            settings.store(out, "one poll of the benchmark's filter");
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE.toAbsolutePath());
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

    /**
     * What the JVM sees in the pod: a 512 MiB container (there it picks the serial collector by itself)
     * and the image's own flags from the Dockerfile's ENTRYPOINT, but for its class-data archive, which
     * the benchmark trains itself.
     */
    private static List<String> containerJvm() {
        try {
            String entrypoint = Files.readAllLines(Path.of("Dockerfile")).stream()
                    .filter(line -> line.startsWith("ENTRYPOINT ")).findFirst().orElseThrow()
                    .substring("ENTRYPOINT ".length());
            List<String> command = List.of(new ObjectMapper().readValue(entrypoint, String[].class));
            List<String> jvm = new ArrayList<>(List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC"));
            command.subList(1, command.indexOf("-jar")).stream()
                    .filter(flag -> !flag.startsWith("-XX:SharedArchiveFile=")).forEach(jvm::add);
            return List.copyOf(jvm);
        } catch (Exception unreadable) {
            throw new IllegalStateException("cannot read the JVM flags of the Dockerfile's ENTRYPOINT", unreadable);
        }
    }

    /** As the Dockerfile does: a short start without Kafka or the API leaves the class-data archive (AppCDS). */
    private static void trainClassDataArchive() throws Exception {
        Files.createDirectories(WORK);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(CONTAINER_JVM);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + CDS_ARCHIVE.toAbsolutePath(), "-jar",
                JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("cds-training.txt").toFile());
        builder.environment().put(SmartleadSettings.API_KEY_ENV, "cds-training");
        builder.environment().put(SmartleadKafkaRoutes.CONFIG_FILE, CDS_TRAINING.toAbsolutePath().toString());
        Process training = builder.start();
        if (!training.waitFor(120, TimeUnit.SECONDS) || !Files.exists(CDS_ARCHIVE)) {
            training.destroyForcibly();
            throw new IllegalStateException("no class-data archive; see " + WORK.resolve("cds-training.txt"));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
