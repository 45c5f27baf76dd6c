package io.smartleadkafkaroutes.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker of Kafka 4.x (combined broker and controller) in a JVM of its own, on 127.0.0.1:
 * users' clusters run 4.x, while this JVM keeps Camel's 3.9 client. Its jars are in the directory named by the
 * system property {@code kafka4.classpath}, which the build fills (the copy-kafka4-broker execution in pom.xml).
 * The broker's log stays in {@code kafka4-logs} beside that directory; its data is deleted on {@link #close}.
 */
public final class Kafka4Broker implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration FORMAT_WITHIN = Duration.ofSeconds(60);
    /** Kafka's controlled shutdown of a single node takes a second or two; a broker still running is killed. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);

    private final Process process;
    private final Path directory;
    private final Path log;
    private final String bootstrapServers;
    private final String version;
    private final Thread killOnExit;

    private Kafka4Broker(Process process, Path directory, Path log, String bootstrapServers, String version) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.version = version;
        // a test JVM that ends without closing (a failed run, Ctrl-C) leaves no broker behind
        this.killOnExit = new Thread(process::destroyForcibly, "kill-kafka4-broker");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static Kafka4Broker start() throws Exception {
        return start(Map.of());
    }

    /** A broker with some broker settings of its own, over the defaults below. */
    public static Kafka4Broker start(Map<String, String> brokerSettings) throws Exception {
        Path jars = jarDirectory();
        Path directory = Files.createTempDirectory("kafka4-broker-");
        int port = FreePort.pick();
        int controllerPort = FreePort.pick();
        Path logs = Files.createDirectories(jars.resolveSibling("kafka4-logs"));
        Path log = logs.resolve("broker-" + port + ".log");

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        // tests only talk to 127.0.0.1, never to whatever "localhost" resolves to
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", directory.resolve("data").toString());
        // one node: the internal topics cannot have the default 3 replicas
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.partitions", "3");
        // client quotas measured over 2 s, not 11, as the in-process broker's (EmbeddedKafka)
        settings.put("quota.window.num", "2");
        settings.put("quota.window.size.seconds", "1");
        settings.putAll(brokerSettings);
        Path serverProperties = directory.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var writer = Files.newBufferedWriter(serverProperties)) {
            properties.store(writer, "single-node KRaft broker of Kafka4Broker");
        }
        Path log4j2 = directory.resolve("log4j2.properties");
        Files.writeString(log4j2, String.join("\n",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                // a line per request and per segment roll at INFO: the log reads better without them
                "logger.requests.name = kafka.request.logger",
                "logger.requests.level = WARN",
                ""));

        String clusterId = Uuid.randomUuid().toString();
        // a run of a second or two: compiling less costs the shared CPU less
        Process format = java(jars, log4j2, log, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                "kafka.tools.StorageTool", "format", "--cluster-id", clusterId, "--config", serverProperties.toString());
        if (!format.waitFor(FORMAT_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
            format.destroyForcibly().waitFor();
            throw new IllegalStateException("formatting the storage took over " + FORMAT_WITHIN + "; see " + log);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting the storage failed (exit " + format.exitValue() + "): "
                    + tail(log));
        }

        Process process = java(jars, log4j2, log, List.of(), "kafka.Kafka", serverProperties.toString());
        Kafka4Broker broker = new Kafka4Broker(process, directory, log, "127.0.0.1:" + port, versionIn(jars));
        try {
            broker.awaitReady();
        } catch (RuntimeException notReady) {
            broker.close();
            throw notReady;
        }
        return broker;
    }

    /** Ready once the broker answers with itself as a cluster member: registered with its controller, unfenced. */
    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(props)) {
            Eventually.until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka " + version + " broker exited with status "
                            + process.exitValue() + ": " + tail(log));
                }
                try {
                    return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
                } catch (Exception notYet) {
                    return false;
                }
            }, READY_WITHIN, () -> "the Kafka " + version + " broker is not ready: " + tail(log));
        }
    }

    private static Process java(Path jars, Path log4j2, Path log, List<String> jvmOptions, String mainClass,
            String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // tests' data on a machine shared with the test JVM: half a gigabyte, not Kafka's default 1 GB
                "-Xms128m", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j2, "-cp", jars + File.separator + "*", mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static Path jarDirectory() {
        String configured = System.getProperty("kafka4.classpath");
        if (configured == null || !Files.isDirectory(Path.of(configured))) {
            throw new IllegalStateException("no Kafka 4 broker jars at kafka4.classpath=" + configured
                    + ": run the tests through Maven (mvn verify fills target/kafka4-VERSION before the integration tests)");
        }
        return Path.of(configured);
    }

    /** The release of the broker's jars, read from kafka_2.13-VERSION.jar. */
    private static String versionIn(Path jars) throws IOException {
        try (Stream<Path> files = Files.list(jars)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("kafka_2.13-") && name.endsWith(".jar"))
                    .map(name -> name.substring("kafka_2.13-".length(), name.length() - ".jar".length()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no kafka_2.13 jar in " + jars));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                    .collect(Collectors.joining("\n", "\n", ""));
        } catch (IOException unreadable) {
            return "(no log at " + log + ")";
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The Kafka release this broker runs, e.g. 4.4.0. */
    public String version() {
        return version;
    }

    /** Stops the broker (a controlled shutdown, killed if it takes longer) and deletes its data. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException undeletable) {
                    throw new UncheckedIOException(undeletable);
                }
            });
        }
    }
}
