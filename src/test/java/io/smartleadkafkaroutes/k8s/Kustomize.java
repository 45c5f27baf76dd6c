package io.smartleadkafkaroutes.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
        return Tool.output(List.of("kubectl", "kustomize", folder.toString()),
                "kubectl is needed to render the manifests with kustomize and is not on the PATH:"
                        + " install it (Debian: apt-get install -y kubectl)");
    }
}
