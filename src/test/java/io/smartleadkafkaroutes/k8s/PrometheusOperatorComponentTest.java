package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.smartleadkafkaroutes.support.PrometheusRules;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prometheus-operator component: a PodMonitor of every replica's metrics and the alerts' PrometheusRule, as the
 * Prometheus Operator's own CRDs accept them, rendered into the plain overlay as docs/deploy.md adds it, and the
 * alerts run by promtool on their tests (ObservabilityIT checks their series against a real scrape).
 */
class PrometheusOperatorComponentTest {

    private static final Path COMPONENT = Manifests.ROOT.resolve("components/prometheus-operator");
    private static final Properties SETTINGS = ShippedSettings.load();
    /** The label kube-prometheus-stack's Prometheus selects PodMonitors and PrometheusRules by. */
    private static final String SELECTED_BY = "release";
    /** What docs/deploy.md adds to the plain overlay: the component, and the release label set. */
    private static final String ADDED_TO_THE_OVERLAY = """
            components:
              - ../../components/prometheus-operator
            patches:
              - target:
                  group: monitoring.coreos.com
                patch: |-
                  - op: replace
                    path: /metadata/labels/release
                    value: my-release
            """;

    @Test
    void should_scrape_the_metrics_path_on_the_management_port_of_every_replica_with_the_release_label_set(
            @TempDir Path copy) throws IOException {
        List<Object> rendered = Kustomize.render(plainOverlayWithTheComponent(copy));
        Deployment deployment = Kustomize.single(rendered, Deployment.class);
        PodMonitor podMonitor = Kustomize.single(rendered, PodMonitor.class);
        PrometheusRule rule = Kustomize.single(rendered, PrometheusRule.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        PodMetricsEndpoint endpoint = podMonitor.getSpec().getPodMetricsEndpoints().get(0);
        ContainerPort port = container.getPorts().stream().filter(named -> named.getName().equals(endpoint.getPort()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + endpoint.getPort()));

        assertThat(podMonitor.getSpec().getPodMetricsEndpoints()).hasSize(1);
        assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(SETTINGS.getProperty("camel.management.port")));
        assertThat(endpoint.getPath()).isEqualTo(SETTINGS.getProperty("camel.metrics.path", "/observe/metrics"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(podMonitor.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .as("job is this label's value, as the dashboard's job variable lists it")
                .containsKey(podMonitor.getSpec().getJobLabel());
        assertThat(List.of(podMonitor.getMetadata(), rule.getMetadata())).allSatisfy(metadata -> {
            assertThat(metadata.getNamespace()).isEqualTo(deployment.getMetadata().getNamespace());
            assertThat(metadata.getLabels()).containsEntry(SELECTED_BY, "my-release");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pod-monitor.yaml", "prometheus-rule.yaml"})
    void should_be_accepted_by_the_prometheus_operator_crds(String file) {
        JsonNode resource = document(COMPONENT.resolve(file));

        assertThat(CustomResourceSchemas.PROMETHEUS_OPERATOR.violations(resource)).isEmpty();
    }

    static Stream<Arguments> refusedResources() {
        JsonNode podMonitor = document(COMPONENT.resolve("pod-monitor.yaml"));
        JsonNode rule = document(COMPONENT.resolve("prometheus-rule.yaml"));
        return Stream.of(
                Arguments.of("a field an endpoint does not have",
                        changed(podMonitor, monitor -> firstEndpoint(monitor).put("metricsPath", "/observe/metrics")),
                        "'metricsPath'"),
                Arguments.of("a version not served", changed(podMonitor,
                        monitor -> monitor.put("apiVersion", "monitoring.coreos.com/v1beta1")), "v1beta1"),
                Arguments.of("a port as a number", changed(podMonitor, monitor -> firstEndpoint(monitor).put("port", 9876)),
                        "port"),
                Arguments.of("a rule without expr", changed(rule, prometheusRule -> firstRule(prometheusRule).remove("expr")),
                        "expr"),
                Arguments.of("a group without name", changed(rule,
                        prometheusRule -> ((ObjectNode) prometheusRule.get("spec").get("groups").get(0)).remove("name")),
                        "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedResources")
    void should_refuse_what_the_prometheus_operator_crds_refuse(String what, JsonNode resource, String named) {
        assertThat(CustomResourceSchemas.PROMETHEUS_OPERATOR.violations(resource))
                .anySatisfy(violation -> assertThat(violation).contains(named));
    }

    @Test
    void should_pass_the_promtool_tests_of_every_alert(@TempDir Path folder) throws IOException {
        Path tests = folder.resolve(PrometheusRules.TESTS.getFileName());
        Files.copy(PrometheusRules.TESTS, tests);
        new YAMLMapper().writeValue(folder.resolve(PrometheusRules.RULES_FILE_NAME).toFile(), PrometheusRules.rulesFile());
        List<String> alerts = PrometheusRules.rulesFile().findValuesAsText("alert");
        String testFile = Files.readString(tests);

        assertThat(alerts).as("every alert tested").allSatisfy(alert -> assertThat(testFile).contains("alertname: " + alert));
        String output = promtool("check", "rules", folder.resolve(PrometheusRules.RULES_FILE_NAME).toString());
        assertThat(output).contains("SUCCESS: " + alerts.size() + " rules found");
        assertThat(promtool("test", "rules", tests.toString())).contains("SUCCESS");
    }

    /** promtool's output; a failure or a missing promtool fails the test with what to do. */
    private static String promtool(String... arguments) {
        List<String> command = Stream.concat(Stream.of("promtool"), Stream.of(arguments)).toList();
        Process promtool;
        try {
            promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw new AssertionError("promtool is needed to test the alerts and is not on the PATH: install it"
                    + " (Debian: apt-get install -y prometheus, as .ci/run does)", notInstalled);
        }
        try {
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!promtool.waitFor(60, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        } finally {
            promtool.destroyForcibly();
        }
    }

    /** A copy of k8s/ whose plain overlay lists the component and sets the release label, as docs/deploy.md says. */
    private static Path plainOverlayWithTheComponent(Path copy) throws IOException {
        Path k8s = copy.resolve("k8s");
        try (Stream<Path> paths = Files.walk(Manifests.ROOT)) {
            for (Path path : paths.toList()) {
                Path target = k8s.resolve(Manifests.ROOT.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        Path overlay = k8s.resolve("overlays/plain");
        Files.writeString(overlay.resolve(Manifests.KUSTOMIZATION), ADDED_TO_THE_OVERLAY, StandardOpenOption.APPEND);
        return overlay;
    }

    private static JsonNode document(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static JsonNode changed(JsonNode resource, Consumer<ObjectNode> change) {
        ObjectNode copy = resource.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static ObjectNode firstEndpoint(ObjectNode podMonitor) {
        return (ObjectNode) podMonitor.get("spec").get("podMetricsEndpoints").get(0);
    }

    private static ObjectNode firstRule(ObjectNode prometheusRule) {
        return (ObjectNode) prometheusRule.get("spec").get("groups").get(0).get("rules").get(0);
    }
}
