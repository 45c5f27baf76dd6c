package io.smartleadkafkaroutes.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apicurio Registry, in-memory storage (its default), in a child process for the tests of a class
 * ({@code @RegisterExtension static}). The build unpacks its distribution (the {@code apicurio-registry-app}
 * artifact's quarkus-app tarball) into {@code apicurio-registry.dir}; it runs on Java 21 or newer, found in
 * {@code /usr/lib/jvm} unless {@code -Dapicurio-registry.java} names one.
 */
public final class ApicurioRegistry implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");
    private static final int OLDEST_JAVA = 21;

    private Process process;
    private int port;
    private Path log;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path distribution = Path.of(System.getProperty("apicurio-registry.dir", "target/apicurio-registry"));
        Path runner = distribution.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing: run the test through mvn verify, which unpacks it");
        }
        port = FreePort.pick();
        log = Path.of("target", "apicurio-registry-" + context.getRequiredTestClass().getSimpleName() + ".log");
        List<String> command = List.of(java().toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                // its management interface would take 0.0.0.0:9000, which another process may hold
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + FreePort.pick(),
                "-jar", runner.toAbsolutePath().toString());
        process = new ProcessBuilder(command).directory(distribution.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        awaitAnswer();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The v3 REST API's URL, as Apicurio's clients and serdes take it ({@code apicurio.registry.url}). */
    public String apiUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    /** The body of a GET on {@code url}, which must answer 200. */
    public static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitAnswer() {
        Eventually.until(this::answers, START_BOUND, () -> "Apicurio Registry did not answer within " + START_BOUND
                + "; its log, " + log + ":\n" + logText());
    }

    /** Whether the registry answers its API; a registry process that ended fails at once, with its log. */
    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; its log, " + log
                    + ":\n" + logText());
        }
        try {
            get(apiUrl() + "/system/info");
            return true;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", interrupted);
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException unreadable) {
            return "(unreadable: " + unreadable + ")";
        }
    }

    /** This JVM's java when it is new enough, else the newest JDK of at least 21 in /usr/lib/jvm. */
    private static Path java() throws IOException {
        String named = System.getProperty("apicurio-registry.java", "");
        if (!named.isBlank()) {
            return Path.of(named);
        }
        if (Runtime.version().feature() >= OLDEST_JAVA) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        Path jvms = Path.of("/usr/lib/jvm");
        try (Stream<Path> homes = Files.isDirectory(jvms) ? Files.list(jvms) : Stream.empty()) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureVersion(home).orElse(0) >= OLDEST_JAVA)
                    .max(Comparator.comparingInt(home -> featureVersion(home).orElse(0)))
                    .map(home -> home.resolve("bin/java"))
                    .orElseThrow(() -> new IllegalStateException("Apicurio Registry needs Java " + OLDEST_JAVA
                            + " or newer and " + jvms + " holds none: name one with -Dapicurio-registry.java=<its bin/java>"));
        }
    }

    private static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException noRelease) {
            return Optional.empty();
        }
    }
}
