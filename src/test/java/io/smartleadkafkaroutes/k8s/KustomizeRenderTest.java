package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The overlays as kustomize renders them ({@code kubectl kustomize}, default load restrictor, exactly what
 * {@code kubectl apply -k} applies): nothing read outside {@code k8s/}, the defaults and routes from the
 * image, the ConfigMap holding only the installation's overrides where SMARTLEAD_CONFIG_FILE reads them;
 * Kubernetes' recommended labels on everything, the management port open to the scraper's namespace only,
 * and pods that meet the restricted Pod Security Standard.
 */
class KustomizeRenderTest {

    private static final Path PLAIN = Manifests.ROOT.resolve("overlays/plain");
    private static final String OVERRIDES = "application.properties";
    private static final Path COMPONENT = Manifests.ROOT.resolve("components/custom-routes");
    /** Kubernetes' recommended labels. */
    private static final Set<String> RECOMMENDED_LABELS = Stream.of("name", "instance", "version", "component", "part-of",
            "managed-by").map(label -> "app.kubernetes.io/" + label).collect(Collectors.toSet());
    /** The ones that select the pods: never changing, as a Deployment's selector is immutable. */
    private static final Set<String> SELECTOR_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance");
    private static final String VERSION_LABEL = "app.kubernetes.io/version";
    /** The volume types the restricted Pod Security Standard allows. */
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @MethodSource("io.smartleadkafkaroutes.k8s.Manifests#overlays")
    void should_render_with_kustomizes_default_rules_and_mount_only_the_overrides(Path overlay) throws IOException {
        List<Object> rendered = Kustomize.render(overlay);
        ConfigMap config = Kustomize.single(rendered, ConfigMap.class);
        Container container = container(Kustomize.single(rendered, Deployment.class));
        Path configFile = Path.of(env(container).get("SMARTLEAD_CONFIG_FILE"));
        VolumeMount mount = mountOf(Kustomize.single(rendered, Deployment.class), config.getMetadata().getName());

        assertThat(config.getMetadata().getName()).as("a name with the content's hash, so an edit rolls the pods")
                .matches("smartlead-kafka-routes-config-[a-z0-9]{10}");
        assertThat(config.getData()).containsOnlyKeys(OVERRIDES);
        assertThat(config.getData().get(OVERRIDES)).isEqualTo(Files.readString(PLAIN.resolve(OVERRIDES)));
        assertThat(mount.getSubPath()).as("subPath mounts never see an updated ConfigMap").isNull();
        assertThat(Path.of(mount.getMountPath()).resolve(OVERRIDES)).isEqualTo(configFile);
        assertThat(env(container)).as("the routes built into the image").doesNotContainKey("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN");
    }

    @ParameterizedTest
    @MethodSource("io.smartleadkafkaroutes.k8s.Manifests#overlays")
    void should_give_every_resource_and_the_pods_the_recommended_labels_and_select_the_pods_by_the_stable_ones(
            Path overlay) {
        List<Object> rendered = Kustomize.render(overlay);
        Deployment deployment = Kustomize.single(rendered, Deployment.class);
        Map<String, String> labels = new TreeMap<>(deployment.getMetadata().getLabels());
        labels.keySet().retainAll(RECOMMENDED_LABELS);
        Map<String, String> stable = new TreeMap<>(labels);
        stable.keySet().retainAll(SELECTOR_LABELS);
        String image = container(deployment).getImage();
        List<Map<String, String>> selectors = List.of(deployment.getSpec().getSelector().getMatchLabels(),
                deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0).getLabelSelector()
                        .getMatchLabels(),
                Kustomize.single(rendered, Service.class).getSpec().getSelector(),
                Kustomize.single(rendered, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels(),
                Kustomize.single(rendered, NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());

        assertThat(labels).containsOnlyKeys(RECOMMENDED_LABELS);
        assertThat(labels.get(VERSION_LABEL)).as("the image's tag").isEqualTo(image.substring(image.lastIndexOf(':') + 1));
        assertThat(rendered).allSatisfy(resource -> assertThat(Manifests.metadata(resource).getLabels())
                .as(Manifests.metadata(resource).getName()).containsAllEntriesOf(labels));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as("the pods").containsAllEntriesOf(labels);
        assertThat(selectors).as("selectors").allSatisfy(selector -> assertThat(selector).isEqualTo(stable));
    }

    @ParameterizedTest
    @MethodSource("io.smartleadkafkaroutes.k8s.Manifests#overlays")
    void should_admit_the_management_port_only_from_the_namespace_the_overlay_names(Path overlay) {
        NetworkPolicy policy = Kustomize.single(Kustomize.render(overlay), NetworkPolicy.class);
        int managementPort = Integer.parseInt(ShippedSettings.load().getProperty("camel.management.port"));
        List<NetworkPolicyIngressRule> admitting = policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts() == null || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(port -> admits(port, managementPort)))
                .toList();

        assertThat(admitting).isNotEmpty().allSatisfy(rule -> assertThat(rule.getFrom())
                .as("sources (none: from anywhere)").isNotEmpty().allSatisfy(source -> {
                    assertThat(source.getIpBlock()).as("an address range").isNull();
                    assertThat(source.getNamespaceSelector()).as("a namespace selector").isNotNull();
                    assertThat(source.getNamespaceSelector().getMatchLabels()).as("the scraper's namespace").isNotEmpty();
                }));
    }

    /**
     * The restricted Pod Security Standard, which a namespace labelled pod-security.kubernetes.io/enforce=restricted
     * enforces (docs/deploy.md): its rules and the baseline's that a Deployment could break.
     */
    @ParameterizedTest
    @MethodSource("io.smartleadkafkaroutes.k8s.Manifests#overlays")
    void should_meet_the_restricted_pod_security_standard(Path overlay) {
        PodSpec pod = Kustomize.single(Kustomize.render(overlay), Deployment.class).getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();
        List<Container> containers = Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();

        assertThat(Arrays.asList(pod.getHostNetwork(), pod.getHostPID(), pod.getHostIPC())).as("host namespaces")
                .doesNotContain(Boolean.TRUE);
        assertThat(podContext.getSysctls()).as("sysctls").isNullOrEmpty();
        assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volumeTypes(volume)).as(volume.getName())
                .isSubsetOf(RESTRICTED_VOLUME_TYPES));
        assertThat(containers).isNotEmpty().allSatisfy(container -> {
            SecurityContext context = container.getSecurityContext();
            assertThat(context.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(context.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation").isFalse();
            assertThat(context.getCapabilities().getDrop()).as("capabilities dropped").contains("ALL");
            assertThat(Objects.requireNonNullElse(context.getCapabilities().getAdd(), List.<String>of()))
                    .as("capabilities added").isSubsetOf("NET_BIND_SERVICE");
            assertThat(Objects.requireNonNullElse(context.getRunAsNonRoot(), podContext.getRunAsNonRoot()))
                    .as("runAsNonRoot").isTrue();
            assertThat(Objects.requireNonNullElse(context.getRunAsUser(), podContext.getRunAsUser())).as("runAsUser")
                    .isNotEqualTo(0L);
            assertThat(Objects.requireNonNullElse(context.getSeccompProfile(), podContext.getSeccompProfile()).getType())
                    .as("seccompProfile").isIn("RuntimeDefault", "Localhost");
            assertThat(context.getProcMount()).as("procMount").isIn(null, "Default");
            assertThat(container.getPorts()).allSatisfy(port -> assertThat(port.getHostPort()).as("hostPort").isIn(null, 0));
        });
    }

    @Test
    void should_override_only_settings_the_application_knows_and_give_the_required_filter_ids() throws IOException {
        Properties overrides = new Properties();
        overrides.load(new StringReader(Files.readString(PLAIN.resolve(OVERRIDES))));
        String settingsReference = Files.readString(Path.of("application.properties"));

        assertThat(overrides.stringPropertyNames()).contains("smartlead.poll.filter-ids")
                .allSatisfy(name -> assertThat(settingsReference).as("application.properties documents " + name)
                        .containsPattern("(?m)^#?\\s*" + java.util.regex.Pattern.quote(name) + "\\s*="));
        assertThat(Files.readString(Manifests.BASE.resolve(OVERRIDES))).as("the base overrides nothing")
                .doesNotContainPattern("(?m)^[^#\\s]");
        assertThat(ShippedSettings.load().getProperty("smartlead.poll.filter-ids")).as("no default filter").isEmpty();
    }

    @Test
    void should_serve_edited_routes_from_the_custom_routes_component(@TempDir Path copy) throws IOException {
        Path k8s = copy.resolve("k8s");
        copyTree(Manifests.ROOT, k8s);
        Map<String, String> routes = routeFiles();
        for (Map.Entry<String, String> route : routes.entrySet()) {
            Files.writeString(k8s.resolve("components/custom-routes/routes").resolve(route.getKey()), route.getValue());
        }
        // as docs/deploy.md says: the component added to the plain overlay
        Path overlay = k8s.resolve("overlays/plain");
        Files.writeString(overlay.resolve(Manifests.KUSTOMIZATION), "components:\n  - ../../components/custom-routes\n",
                StandardOpenOption.APPEND);

        List<Object> rendered = Kustomize.render(overlay);
        Deployment deployment = Kustomize.single(rendered, Deployment.class);
        ConfigMap routeMap = rendered.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(map -> map.getMetadata().getName().startsWith("smartlead-kafka-routes-routes-"))
                .findFirst().orElseThrow(() -> new AssertionError("no routes ConfigMap"));
        String pattern = env(container(deployment)).get("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN");
        VolumeMount mount = mountOf(deployment, routeMap.getMetadata().getName());
        PathMatcher routeGlob = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(pattern.replaceFirst("^file:", ""))
                .getFileName());

        assertThat(routeMap.getData()).isEqualTo(routes);
        assertThat(routeMap.getMetadata().getLabels()).as("the recommended labels")
                .containsAllEntriesOf(deployment.getMetadata().getLabels());
        assertThat(pattern).startsWith("file:" + mount.getMountPath() + "/");
        assertThat(routes.keySet()).allMatch(name -> routeGlob.matches(Path.of(name)));
    }

    @Test
    void should_list_every_route_file_in_the_custom_routes_component() throws IOException {
        Manifests.Kustomization component = Manifests.kustomization(COMPONENT);

        assertThat(component.kind()).isEqualTo("Component");
        assertThat(component.generatorsOrNone()).singleElement().satisfies(generator -> assertThat(generator.paths()
                .stream().map(file -> Path.of(file).getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(routeFiles().keySet()));
    }

    private static Map<String, String> routeFiles() throws IOException {
        Map<String, String> routes = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                routes.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return routes;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        Files.createDirectories(to.resolve("components/custom-routes/routes"));
    }


    private static Container container(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    /** The fields of a volume that name its source: configMap, secret, emptyDir... */
    private static Set<String> volumeTypes(Volume volume) {
        Set<String> fields = new TreeSet<>(JSON.convertValue(volume, new TypeReference<Map<String, Object>>() {
        }).keySet());
        fields.remove("name");
        return fields;
    }

    /** A policy's port that is this number, the management port's name, or every port. */
    private static boolean admits(NetworkPolicyPort port, int number) {
        return port.getPort() == null || Integer.valueOf(number).equals(port.getPort().getIntVal())
                || "management".equals(port.getPort().getStrVal());
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> values = new TreeMap<>();
        container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .forEach((EnvVar variable) -> values.put(variable.getName(), variable.getValue()));
        return values;
    }

    private static VolumeMount mountOf(Deployment deployment, String configMap) {
        Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(candidate -> candidate.getConfigMap() != null && candidate.getConfigMap().getName().equals(configMap))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of the ConfigMap " + configMap));
        return container(deployment).getVolumeMounts().stream().filter(mount -> mount.getName().equals(volume.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("volume " + volume.getName() + " is not mounted"));
    }
}
