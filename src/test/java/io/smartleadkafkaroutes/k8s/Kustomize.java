package io.smartleadkafkaroutes.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kustomize's own rendering of a folder, {@code kubectl kustomize DIR}, with its default load restrictor
 * (nothing read outside the folder's tree), as {@code kubectl apply -k DIR} builds it; every document read
 * strictly by {@link Manifests}.
 */
final class Kustomize {

    private Kustomize() {
    }

    static List<Object> render(Path folder) {
        String yaml = kustomize(folder);
        try {
            return Manifests.parseAll(yaml);
        } catch (IOException unreadable) {
            throw new AssertionError("kustomize's output for " + folder + ": " + unreadable.getMessage(), unreadable);
        }
    }

    /** The one document of this kind among those rendered. */
    static <T> T single(List<Object> rendered, Class<T> kind) {
        List<T> found = rendered.stream().filter(kind::isInstance).map(kind::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " " + kind.getSimpleName() + "s rendered, not one");
        }
        return found.get(0);
    }

    private static String kustomize(Path folder) {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", folder.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw new AssertionError("kubectl is needed to render the manifests with kustomize and is not on the PATH:"
                    + " install it (Debian: apt-get install -y kubectl)", notInstalled);
        }
        try {
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + folder + " failed:\n" + output);
            }
            return output;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        } finally {
            kubectl.destroyForcibly();
        }
    }
}
