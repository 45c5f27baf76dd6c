package io.smartleadkafkaroutes.k8s;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The manifests in {@code k8s/}, read strictly: every document into fabric8's Kubernetes model (the Prometheus
 * Operator's PodMonitor and PrometheusRule into fabric8's monitoring model; kustomizations and Strimzi's resources
 * into the records here and in {@link Strimzi}), where a field the model does not know, a duplicated key or an
 * unknown kind fails the read.
 */
final class Manifests {

    static final Path ROOT = Path.of("k8s");
    static final Path BASE = ROOT.resolve("base");
    static final String KUSTOMIZATION = "kustomization.yaml";

    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                        BeanDeserializerBuilder builder) {
                    // fabric8's classes keep unknown fields in additionalProperties; without that map, they fail
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private static final Map<String, Class<?>> KINDS = new LinkedHashMap<>();

    static {
        for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, PodDisruptionBudget.class,
                NetworkPolicy.class, ServiceAccount.class, Role.class, RoleBinding.class, Secret.class, ConfigMap.class,
                PodMonitor.class, PrometheusRule.class)) {
            KINDS.put(HasMetadata.getApiVersion(kind) + " " + HasMetadata.getKind(kind), kind);
        }
        KINDS.put(Strimzi.API_VERSION + " KafkaTopic", Strimzi.KafkaTopic.class);
        KINDS.put(Strimzi.API_VERSION + " KafkaUser", Strimzi.KafkaUser.class);
    }

    private Manifests() {
    }

    /** A kustomize Kustomization, as far as these manifests use it. */
    record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
            List<String> components, List<Patch> patches, List<Generator> configMapGenerator, List<Labels> labels,
            List<Image> images, List<Map<String, Object>> replacements) {

        /** A patch file ({@code path}), or a patch written inline ({@code patch}) of the {@code target}. */
        record Patch(String path, Target target, String patch) {
        }

        record Target(String kind, String name) {
        }

        record Generator(String name, String behavior, List<String> files) {

            /** The files a generator reads: {@code key=path} or a path. */
            List<String> paths() {
                return files.stream().map(file -> file.substring(file.indexOf('=') + 1)).toList();
            }
        }

        record Labels(Map<String, String> pairs, boolean includeSelectors, boolean includeTemplates) {
        }

        record Image(String name, String newName, String newTag) {
        }

        List<String> resourcesOrNone() {
            return resources == null ? List.of() : resources;
        }

        List<String> patchPaths() {
            return patches == null ? List.of() : patches.stream().map(Patch::path).filter(Objects::nonNull).toList();
        }

        List<Generator> generatorsOrNone() {
            return configMapGenerator == null ? List.of() : configMapGenerator;
        }
    }

    /** The folders of k8s/overlays, each an installation. */
    static List<Path> overlays() {
        try (Stream<Path> overlays = Files.list(ROOT.resolve("overlays"))) {
            return overlays.sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The metadata of a resource read by {@link #parseAll}: a Kubernetes kind's or a Strimzi one's. */
    static ObjectMeta metadata(Object resource) {
        return resource instanceof HasMetadata kubernetes ? kubernetes.getMetadata() : ((Strimzi.Resource) resource).metadata();
    }

    /** Every YAML file under k8s/. */
    static List<Path> files() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static Kustomization kustomization(Path folder) {
        try {
            return STRICT.readValue(folder.resolve(KUSTOMIZATION).toFile(), Kustomization.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Every document of a manifest file, each as its kind's model class. */
    static List<Object> read(Path file) {
        if (file.getFileName().toString().equals(KUSTOMIZATION)) {
            return List.of(kustomization(file.getParent()));
        }
        try {
            return parseAll(Files.readString(file));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(file + ": " + unreadable.getMessage(), unreadable);
        }
    }

    /** One YAML document as its kind's model class. */
    static Object parse(String yaml) throws IOException {
        return model(STRICT.readTree(yaml));
    }

    /** Every document of a YAML stream, each as its kind's model class. */
    static List<Object> parseAll(String yaml) throws IOException {
        List<Object> documents = new ArrayList<>();
        for (JsonNode document : STRICT.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            documents.add(model(document));
        }
        return documents;
    }

    static <T> List<T> all(Path file, Class<T> kind) {
        return read(file).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T> T one(Path file, Class<T> kind) {
        List<T> found = all(file, kind);
        if (found.size() != 1) {
            throw new AssertionError(file + " holds " + found.size() + " " + kind.getSimpleName() + ", not one");
        }
        return found.get(0);
    }

    /**
     * The folders an overlay is built from, the overlay first and the base last (resources that are
     * folders, followed recursively).
     */
    static List<Path> layers(Path overlay) {
        List<Path> layers = new ArrayList<>(List.of(overlay));
        for (String resource : kustomization(overlay).resourcesOrNone()) {
            Path folder = overlay.resolve(resource).normalize();
            if (Files.isDirectory(folder)) {
                layers.addAll(layers(folder));
            }
        }
        return layers;
    }

    /** The Deployment of the base and every Deployment patch an overlay applies to it. */
    static List<Deployment> deploymentAndPatches(Path overlay) {
        List<Deployment> deployments = new ArrayList<>();
        for (Path layer : layers(overlay)) {
            Kustomization kustomization = kustomization(layer);
            Stream.concat(kustomization.resourcesOrNone().stream(), kustomization.patchPaths().stream())
                    .map(layer::resolve)
                    .filter(Files::isRegularFile)
                    .forEach(file -> deployments.addAll(all(file, Deployment.class)));
        }
        return deployments;
    }

    private static Object model(JsonNode document) throws IOException {
        String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        Class<?> model = KINDS.get(kind);
        if (model == null) {
            throw new IOException("unknown kind " + kind + ": expected one of " + KINDS.keySet());
        }
        return STRICT.treeToValue(document, model);
    }
}
