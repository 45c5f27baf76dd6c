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
 * users' clusters run 4.x, while this JVM keeps Camel's 3.9 client. Integration tests run against it with
 * {@code -Dit.broker=kafka4} ({@link TestBroker}). Its jars are in the directory named by the
 * system property {@code kafka4.classpath}, which the build fills (the copy-kafka4-broker execution in pom.xml).
 * The broker's log stays in {@code kafka4-logs} beside that directory; its data is deleted on {@link #close}.
 */
public final class Kafka4Broker implements TestBroker {

    /** Starts on fresh ports when the ones picked were taken meanwhile, this often. */
    private static final int PORT_ATTEMPTS = 3;

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration FORMAT_WITHIN = Duration.ofSeconds(60);
    /** Kafka's controlled shutdown of a single node takes a second or two; a broker still running is killed. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);

    private final Path jars;
    private final Path directory;
    private final Path serverProperties;
    private final Path log4j2;
    private final Path log;
    private final String bootstrapServers;
    private final String version;
    private final Thread killOnExit;
    private volatile Process process;

    private Kafka4Broker(Path jars, Path directory, Path log, String bootstrapServers) throws IOException {
        this.jars = jars;
        this.directory = directory;
        this.serverProperties = directory.resolve("server.properties");
        this.log4j2 = directory.resolve("log4j2.properties");
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.version = versionIn(jars);
        // a test JVM that ends without closing (a failed run, Ctrl-C) leaves no broker behind
        this.killOnExit = new Thread(() -> {
            if (process != null) {
                process.destroyForcibly();
            }
        }, "kill-kafka4-broker");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static Kafka4Broker start() throws Exception {
        return start(Map.of());
    }

    /** A broker with some broker settings of its own, over the defaults below. */
    public static Kafka4Broker start(Map<String, String> brokerSettings) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnFreePorts(brokerSettings);
            } catch (IllegalStateException notStarted) {
                // a port free when picked was taken (by another fork's client) in the seconds the broker took to bind
                if (attempt == PORT_ATTEMPTS || !String.valueOf(notStarted.getMessage()).contains("Address already in use")) {
                    throw notStarted;
                }
            }
        }
    }

    private static Kafka4Broker startOnFreePorts(Map<String, String> brokerSettings) throws Exception {
        Path jars = jarDirectory();
        Path directory = Files.createTempDirectory("kafka4-broker-");
        // fixed ports, so that a restarted broker is back where the clients expect it
        int port = FreePort.pick();
        int controllerPort = FreePort.pick();
        Path logs = Files.createDirectories(jars.resolveSibling("kafka4-logs"));
        Kafka4Broker broker = new Kafka4Broker(jars, directory, logs.resolve("broker-" + port + ".log"),
                "127.0.0.1:" + port);
        try {
            broker.format(port, controllerPort, brokerSettings);
            broker.startBroker();
        } catch (Exception notStarted) {
            broker.close();
            throw notStarted;
        }
        return broker;
    }

    private void format(int port, int controllerPort, Map<String, String> brokerSettings) throws Exception {
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
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var writer = Files.newBufferedWriter(serverProperties)) {
            properties.store(writer, "single-node KRaft broker of Kafka4Broker");
        }
        Files.writeString(log4j2, String.join("\n",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                // a line per request at INFO: the log reads better without them
                "logger.requests.name = kafka.request.logger",
                "logger.requests.level = WARN",
                ""));

        // a run of a second or two: compiling less costs the shared CPU less
        Process format = java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), "kafka.tools.StorageTool",
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", serverProperties.toString());
        if (!format.waitFor(FORMAT_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
            format.destroyForcibly().waitFor();
            throw new IllegalStateException("formatting the storage took over " + FORMAT_WITHIN + ": " + tail());
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting the storage failed (exit " + format.exitValue() + "): " + tail());
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The Kafka release this broker runs, e.g. 4.4.0. */
    public String version() {
        return version;
    }

    /** Stops the broker, as a crash or a rolling restart would (the node is the controller too); its data stays. */
    @Override
    public void stopBroker() {
        Process running = process;
        process = null;
        running.destroy();
        try {
            if (!running.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException interrupted) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the broker on its data and address, and waits until it is ready. */
    @Override
    public void startBroker() {
        try {
            process = java(List.of(), "kafka.Kafka", serverProperties.toString());
        } catch (IOException notStarted) {
            throw new UncheckedIOException(notStarted);
        }
        awaitReady(process);
    }

    /** Ready once the broker answers with itself as a cluster member: registered with its controller, unfenced. */
    private void awaitReady(Process starting) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(props)) {
            Eventually.until(() -> {
                if (!starting.isAlive()) {
                    throw new IllegalStateException("the Kafka " + version + " broker exited with status "
                            + starting.exitValue() + ": " + tail());
                }
                try {
                    return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
                } catch (Exception notYet) {
                    return false;
                }
            }, READY_WITHIN, () -> "the Kafka " + version + " broker is not ready: " + tail());
        }
    }

    private Process java(List<String> jvmOptions, String mainClass, String... arguments) throws IOException {
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

    /** The broker log's last lines, for a failure's message. */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                    .collect(Collectors.joining("\n", "\n", ""));
        } catch (IOException unreadable) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops the broker and deletes its data; its log stays. */
    @Override
    public void close() throws Exception {
        if (process != null) {
            stopBroker();
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
