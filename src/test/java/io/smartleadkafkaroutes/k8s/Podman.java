package io.smartleadkafkaroutes.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, for the image tier: build the project's Dockerfile unchanged and run the image
 * as the pod runs it. Each call fails with podman's own output when podman fails.
 */
final class Podman {

    /** The image the tier builds and runs. */
    static final String IMAGE = "localhost/smartlead-kafka-routes:image-it";
    /**
     * A local stand-in for the Dockerfile's base where no registry is reachable (built by the set-up script
     * named in docs/tests.md); used when present, the Dockerfile's own FROM otherwise, unless
     * {@code -Dimage.from} names another.
     */
    private static final String LOCAL_BASE = "localhost/jre17-base:bookworm";

    private static boolean built;

    private Podman() {
    }

    /** Builds {@link #IMAGE} from the Dockerfile once per test run; the jar and target/lib must be packaged. */
    static synchronized void buildImage() {
        if (built) {
            return;
        }
        List<String> build = new ArrayList<>(List.of("build", "--build-arg", "VERSION=" + System.getProperty("project.version"),
                "-t", IMAGE));
        String base = System.getProperty("image.from", "");
        if (base.isBlank() && succeeds("image", "exists", LOCAL_BASE)) {
            base = LOCAL_BASE;
        }
        if (!base.isBlank()) {
            build.addAll(List.of("--from", base));
        }
        build.add(".");
        run(Duration.ofMinutes(10), build.toArray(String[]::new));
        built = true;
    }

    /** Runs podman and returns its output; an exit status other than 0 fails with that output. */
    static String run(Duration timeout, String... arguments) {
        Result result = exec(timeout, arguments);
        if (result.status() != 0) {
            throw new AssertionError("podman " + String.join(" ", arguments) + " exited with " + result.status()
                    + ":\n" + result.output());
        }
        return result.output();
    }

    static boolean succeeds(String... arguments) {
        return exec(Duration.ofMinutes(1), arguments).status() == 0;
    }

    record Result(int status, String output) {
    }

    static Result exec(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        Path output = null;
        Process podman;
        try {
            output = Files.createTempFile("podman", ".out");
            podman = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException notInstalled) {
            throw new AssertionError("podman is needed for the image tier and could not be started: " + notInstalled.getMessage()
                    + " (docs/tests.md says how to set it up)", notInstalled);
        }
        try {
            if (!podman.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                podman.destroyForcibly();
                throw new AssertionError("podman " + String.join(" ", arguments) + " took more than " + timeout);
            }
            return new Result(podman.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } catch (IOException unreadable) {
            throw new AssertionError(unreadable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        } finally {
            podman.destroyForcibly();
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
