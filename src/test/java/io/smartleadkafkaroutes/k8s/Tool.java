package io.smartleadkafkaroutes.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command-line tool the manifest tests run (kubectl, promtool): its output, or a failure saying what to do. */
final class Tool {

    private Tool() {
    }

    /** The command's output; {@code whenMissing} says how to install the tool when it is not on the PATH. */
    static String output(List<String> command, String whenMissing) {
        Process tool;
        try {
            tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw new AssertionError(whenMissing, notInstalled);
        }
        try {
            String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        } finally {
            tool.destroyForcibly();
        }
    }
}
