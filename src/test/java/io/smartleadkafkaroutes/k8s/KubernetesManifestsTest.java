package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.smartleadkafkaroutes.k8s.Manifests.Kustomization;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests in k8s/, read strictly, stay in step with the application: probes and metrics where its
 * settings put them, every environment variable it reads, secrets only as placeholders, a hardened pod, and
 * kustomizations whose files all exist (KustomizeRenderTest renders them).
 */
class KubernetesManifestsTest {

    private static final Properties SETTINGS = ShippedSettings.load();

    /** Read by name by the application (besides the {@code {{env:...}}} of application.properties). */
    private static final Set<String> READ_BY_NAME = Set.of("SMARTLEAD_API_KEY", "KAFKA_BOOTSTRAP_SERVERS",
            "SMARTLEAD_CONFIG_FILE", "POD_NAMESPACE", "HOSTNAME");
    /** Set by Kubernetes itself: the pod's name. */
    private static final String SET_BY_KUBERNETES = "HOSTNAME";
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");

    static Stream<Arguments> refusedManifests() {
        return Stream.of(
                Arguments.of("a misspelt field", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: smartlead-kafka-routes
                        spec:
                          template:
                            spec:
                              containers:
                                - name: smartlead-kafka-routes
                                  readinesProbe:
                                    httpGet:
                                      path: /observe/health/ready
                        """, "readinesProbe"),
                Arguments.of("a field of another kind", """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata:
                          name: smartlead-kafka-routes
                        spec:
                          replicas: 2
                        """, "replicas"),
                Arguments.of("a key given twice", """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: smartlead-kafka-routes
                          name: smartlead
                        """, "name"),
                Arguments.of("a Strimzi field that does not exist", """
                        apiVersion: kafka.strimzi.io/v1
                        kind: KafkaTopic
                        metadata:
                          name: smartlead-contacts-verified
                        spec:
                          partition: 3
                        """, "partition"),
                Arguments.of("an unknown kind", """
                        apiVersion: apps/v1
                        kind: Deploymnet
                        metadata:
                          name: smartlead-kafka-routes
                        """, "Deploymnet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedManifests")
    void should_refuse_a_manifest_that_kubernetes_would_not_accept(String what, String manifest, String named) {
        assertThatThrownBy(() -> Manifests.parse(manifest)).isInstanceOf(IOException.class).hasMessageContaining(named);
    }

    @Test
    void should_read_every_manifest_strictly_with_secrets_only_in_templates() {
        assertThat(Manifests.files()).as("manifest files").isNotEmpty()
                .allSatisfy(file -> assertThat(Manifests.read(file)).as(file.toString()).isNotEmpty());
        assertThat(Manifests.files()).filteredOn(file -> !file.getFileName().toString().endsWith(".template.yaml"))
                .as("manifests that are not templates").isNotEmpty()
                .allSatisfy(file -> assertThat(Manifests.all(file, Secret.class)).as("Secrets in " + file).isEmpty());
    }

    @Test
    void should_find_every_file_and_image_a_kustomization_names() {
        String baseImage = container().getImage().replaceFirst(":[^:/]*$", "");
        List<Path> namingImages = new ArrayList<>();
        for (Path folder : kustomizationFolders()) {
            Kustomization kustomization = Manifests.kustomization(folder);
            for (String resource : kustomization.resourcesOrNone()) {
                Path named = folder.resolve(resource);
                assertThat(Files.isRegularFile(named) || Files.isRegularFile(named.resolve(Manifests.KUSTOMIZATION)))
                        .as(folder + " names the resource " + resource).isTrue();
            }
            // the custom-routes component's route files are the user's copies (KustomizeRenderTest renders them)
            Stream<String> generated = "Component".equals(kustomization.kind()) ? Stream.empty()
                    : kustomization.generatorsOrNone().stream().flatMap(generator -> generator.paths().stream());
            Stream.concat(kustomization.patchPaths().stream(), generated)
                    .forEach(file -> assertThat(folder.resolve(file)).as(folder + " names " + file).isRegularFile());
            if (kustomization.images() != null) {
                namingImages.add(folder);
                assertThat(kustomization.images()).as(folder + " images").allSatisfy(
                        image -> assertThat(image.name()).isEqualTo(baseImage));
            }
        }
        assertThat(namingImages).as("kustomizations that set the image").isNotEmpty();
    }

    @Test
    void should_name_every_manifest_in_a_kustomization_but_the_templates() {
        Set<Path> named = new HashSet<>();
        for (Path folder : kustomizationFolders()) {
            Kustomization kustomization = Manifests.kustomization(folder);
            Stream.concat(kustomization.resourcesOrNone().stream(), kustomization.patchPaths().stream())
                    .forEach(file -> named.add(folder.resolve(file).normalize()));
        }
        assertThat(Manifests.files()).filteredOn(file -> !file.getFileName().toString().equals(Manifests.KUSTOMIZATION)
                        && !file.getFileName().toString().endsWith(".template.yaml"))
                .as("manifests that are neither kustomizations nor templates").isNotEmpty()
                .allSatisfy(file -> assertThat(named).as("kustomizations naming " + file).contains(file.normalize()));
    }

    @Test
    void should_probe_the_health_endpoints_on_the_management_port() {
        Container container = container();
        String health = SETTINGS.getProperty("camel.management.health-path", "/observe/health");

        assertProbe(container.getStartupProbe(), health + "/started");
        // liveness: only Camel itself, never Kafka or the API, which readiness covers
        assertProbe(container.getLivenessProbe(), health + "/live");
        assertProbe(container.getReadinessProbe(), health + "/ready");
        Probe startup = container.getStartupProbe();
        assertThat(startup.getFailureThreshold() * startup.getPeriodSeconds())
                .as("seconds for a cold JVM on a busy node to start").isGreaterThanOrEqualTo(60);
    }

    @Test
    void should_expose_the_metrics_of_every_replica_through_the_service() {
        Service service = Manifests.one(Manifests.BASE.resolve("service.yaml"), Service.class);
        int port = managementPort();

        assertSelectsThePods(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(servicePort -> {
            assertThat(servicePort.getPort()).isEqualTo(port);
            assertThat(containerPort(servicePort.getTargetPort())).isEqualTo(port);
        });
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", Integer.toString(port))
                .containsEntry("prometheus.io/path", SETTINGS.getProperty("camel.metrics.path", "/observe/metrics"));
    }

    @ParameterizedTest
    @MethodSource("io.smartleadkafkaroutes.k8s.Manifests#overlays")
    void should_give_the_pod_every_environment_variable_the_application_reads_and_no_other(Path overlay)
            throws IOException {
        Set<String> given = Manifests.deploymentAndPatches(overlay).stream()
                .flatMap(deployment -> podContainer(deployment).getEnv().stream())
                .map(EnvVar::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> needed = new TreeSet<>(READ_BY_NAME);
        needed.addAll(envPlaceholders().keySet());
        needed.remove(SET_BY_KUBERNETES);
        Set<String> readable = new TreeSet<>(needed);
        SETTINGS.stringPropertyNames().forEach(name -> readable.add(name.toUpperCase().replaceAll("[.-]", "_")));

        assertThat(given).containsAll(needed);
        assertThat(readable).as("variables the application reads").containsAll(given);
    }

    @Test
    void should_run_the_base_with_the_defaults_of_application_properties() throws IOException {
        Map<String, String> defaults = envPlaceholders();
        Map<String, String> defaulted = new TreeMap<>(envValues(container()));
        defaulted.keySet().removeIf(name -> defaults.get(name) == null);

        assertThat(defaulted).as("variables of the base that application.properties gives a default").isNotEmpty()
                .allSatisfy((name, value) -> assertThat(value).as(name).isEqualTo(defaults.get(name)));
    }

    @Test
    void should_hold_only_placeholders_in_the_secret_template_and_every_key_the_pod_reads() {
        Secret template = Manifests.one(Manifests.BASE.resolve("secret.template.yaml"), Secret.class);
        List<SecretKeySelector> read = container().getEnv().stream()
                .map(variable -> variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef())
                .filter(Objects::nonNull)
                .filter(reference -> reference.getName().equals(template.getMetadata().getName()))
                .toList();

        assertThat(template.getData()).as("base64 data").isNullOrEmpty();
        assertThat(template.getStringData()).isNotEmpty().allSatisfy(
                (key, value) -> assertThat(value).as(key).matches("<[^>]+>"));
        assertThat(read).isNotEmpty().allSatisfy(reference -> assertThat(template.getStringData()).containsKey(reference.getKey()));
    }

    @Test
    void should_run_the_pod_as_non_root_without_privileges_on_a_read_only_root_filesystem() {
        PodSpec pod = podSpec();
        Container container = container();
        Volume tmp = pod.getVolumes().stream()
                .filter(volume -> mount(volume.getName()).getMountPath().equals("/tmp"))
                .findFirst().orElseThrow();
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();

        // the rest of the restricted Pod Security Standard: KustomizeRenderTest, on the rendered overlays
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(tmp.getEmptyDir()).as("a writable /tmp").isNotNull();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
    }

    @Test
    void should_let_the_service_account_hold_leases_and_see_pods() {
        Path rbac = Manifests.BASE.resolve("rbac.yaml");
        ServiceAccount account = Manifests.one(rbac, ServiceAccount.class);
        Role role = Manifests.one(rbac, Role.class);
        RoleBinding binding = Manifests.one(rbac, RoleBinding.class);

        assertThat(podSpec().getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).contains("get", "list", "watch", "create", "update", "patch");
        }).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).contains("get", "list", "watch");
        });
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
        });
    }

    @Test
    void should_keep_one_of_the_replicas_through_voluntary_disruptions() {
        PodDisruptionBudget budget = Manifests.one(Manifests.BASE.resolve("pod-disruption-budget.yaml"),
                PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(deployment().getSpec().getReplicas()).isGreaterThan(1);
        assertSelectsThePods(budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void should_let_in_only_the_management_port_and_out_only_dns_https_and_kafka() {
        NetworkPolicy policy = Manifests.one(Manifests.BASE.resolve("network-policy.yaml"), NetworkPolicy.class);

        assertSelectsThePods(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        assertThat(portsOf(policy.getSpec().getIngress().stream().flatMap(rule -> rule.getPorts().stream())))
                .containsExactly("TCP/" + managementPort());
        assertThat(policy.getSpec().getEgress()).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        // DNS; HTTPS (SmartLead, and the Kubernetes API on 443 or its own 6443); Kafka's plain and TLS listeners
        assertThat(portsOf(policy.getSpec().getEgress().stream().flatMap(rule -> rule.getPorts().stream())))
                .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/6443", "TCP/9092", "TCP/9093");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(containerPort(probe.getHttpGet().getPort())).as(path + " port").isEqualTo(managementPort());
        // the health checks may take a few seconds while Kafka is unreachable
        assertThat(probe.getTimeoutSeconds()).as(path + " timeout").isGreaterThanOrEqualTo(5);
    }

    private static void assertSelectsThePods(Map<String, String> selector) {
        assertThat(selector).isNotEmpty();
        assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    }

    private static List<String> portsOf(Stream<NetworkPolicyPort> ports) {
        return ports.map(port -> port.getProtocol() + "/" + port.getPort().getIntVal()).toList();
    }

    private static int managementPort() {
        return Integer.parseInt(SETTINGS.getProperty("camel.management.port"));
    }

    /** A port given by number or by the container port's name. */
    private static int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container().getPorts().stream()
                .filter(containerPort -> port.getStrVal().equals(containerPort.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    /** {@code {{env:NAME:default}}} of application.properties: name to default (null: none). */
    private static Map<String, String> envPlaceholders() throws IOException {
        Map<String, String> placeholders = new LinkedHashMap<>();
        Matcher placeholder = ENV_PLACEHOLDER.matcher(Files.readString(Path.of("application.properties")));
        while (placeholder.find()) {
            placeholders.put(placeholder.group(1), placeholder.group(2));
        }
        return placeholders;
    }

    private static Map<String, String> envValues(Container container) {
        Map<String, String> values = new LinkedHashMap<>();
        container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .forEach(variable -> values.put(variable.getName(), variable.getValue()));
        return values;
    }

    private static VolumeMount mount(String volume) {
        return container().getVolumeMounts().stream().filter(mount -> mount.getName().equals(volume))
                .findFirst().orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
    }

    private static List<Path> kustomizationFolders() {
        return Manifests.files().stream()
                .filter(file -> file.getFileName().toString().equals(Manifests.KUSTOMIZATION))
                .map(Path::getParent)
                .toList();
    }

    private static Deployment deployment() {
        return Manifests.one(Manifests.BASE.resolve("deployment.yaml"), Deployment.class);
    }

    private static PodSpec podSpec() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    private static Container container() {
        return podContainer(deployment());
    }

    private static Container podContainer(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
