package io.smartleadkafkaroutes.support;

import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The application's main class in a JVM of its own, as {@code java -jar} starts it: environment variables,
 * {@code -D} system properties, exit status and output are a user's, not a test's. It runs on this test run's
 * classpath without the test classes (their logging configuration is not the application's).
 */
public final class AppProcess {

    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Path output;

    /** {@code output}: where the process writes, kept for reading when a test fails. */
    public AppProcess(Path output) {
        this.output = output;
    }

    public AppProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public AppProcess systemProperty(String name, String value) {
        systemProperties.put(name, value);
        return this;
    }

    /** Runs the application until it exits or {@code bound} passes (then it is killed: {@link Ended#exited()} is false). */
    public Ended runAtMost(Duration bound) throws Exception {
        Files.createDirectories(output.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a short-lived JVM: compiling less costs the shared CPU less
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", applicationClasspath(), SmartleadKafkaRoutes.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SMARTLEAD_") || name.startsWith("KAFKA_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean exited = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Ended(exited, exited ? process.exitValue() : -1, Files.readString(output));
    }

    /** Surefire's and failsafe's own record of the test classpath, without the test classes. */
    private static String applicationClasspath() {
        String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(testClasspath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** How the process ended: by itself with {@code status}, or killed after the bound. */
    public record Ended(boolean exited, int status, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }
    }
}
