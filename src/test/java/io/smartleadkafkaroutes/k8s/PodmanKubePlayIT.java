package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.smartleadkafkaroutes.it.AppFixture;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.EmbeddedKafka;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code podman kube play} of the plain overlay as kustomize renders it: the Deployment with its ConfigMap of
 * overrides and the Secret's keys. Only podman's gaps are worked around here, never in k8s/: no Kubernetes
 * API for the Lease (HA off), {@code fieldRef: metadata.namespace} refused (POD_NAMESPACE removed), no kind
 * Secret (a podman secret of the same name instead), container ports refused with host networking.
 * hostNetwork lets the pod reach the loopback broker and simulator.
 */
@Tag("image")
class PodmanKubePlayIT {

    private static final long FILTER_ID = 327105;
    private static final int CONTACTS = 640;
    private static final String SECRET = "smartlead-kafka-routes";

    private Path playFile;

    @BeforeAll
    static void buildImage() {
        Podman.buildImage();
    }

    @AfterEach
    void tearDown() {
        if (playFile != null) {
            Podman.exec(Duration.ofMinutes(2), "kube", "play", "--down", playFile.toString());
        }
        Podman.exec(Duration.ofMinutes(1), "secret", "rm", SECRET);
    }

    @Test
    void should_run_the_rendered_deployment_with_its_overrides_and_its_secret_and_poll() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "kube-play-it")).toAbsolutePath();
        TestTopics topics = new TestTopics("kube-play");
        int managementPort = FreePort.pick();
        List<Object> rendered = Kustomize.render(Manifests.ROOT.resolve("overlays/plain"));
        ConfigMap overrides = Kustomize.single(rendered, ConfigMap.class);
        Deployment deployment = Kustomize.single(rendered, Deployment.class);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                SmartleadSimulator simulator = new SmartleadSimulator(AppFixture.API_KEY).withFilter(FILTER_ID, CONTACTS).start()) {
            kafka.createTopics(topics.all());
            // this installation's overrides, appended to the overlay's file: the later line of a key wins
            StringBuilder installation = new StringBuilder(overrides.getData().get("application.properties")).append('\n');
            topics.asSettings().forEach((name, value) -> installation.append(name).append(" = ").append(value).append('\n'));
            installation.append("smartlead.api.base-url = ").append(simulator.baseUrl()).append('\n')
                    .append("smartlead.poll.filter-ids = ").append(FILTER_ID).append('\n')
                    .append("smartlead.poll.initial-delay = 0\n")
                    .append("camel.management.port = ").append(managementPort).append('\n');
            overrides.getData().put("application.properties", installation.toString());
            workAroundPodmanGaps(deployment);
            Path secret = work.resolve("secret.json");
            Files.writeString(secret, secretJson(Map.of("SMARTLEAD_API_KEY", AppFixture.API_KEY,
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())));
            Podman.exec(Duration.ofMinutes(1), "secret", "rm", SECRET);
            Podman.run(Duration.ofMinutes(1), "secret", "create", SECRET, secret.toString());
            Files.delete(secret);
            KubernetesSerialization yaml = new KubernetesSerialization();
            playFile = work.resolve("plain-overlay.yaml");
            Files.writeString(playFile, yaml.asYaml(overrides) + yaml.asYaml(deployment));

            Podman.run(Duration.ofMinutes(2), "kube", "play", "--replace", playFile.toString());

            TopicReader reader = new TopicReader(kafka.bootstrapServers());
            Eventually.until(() -> reader.keysSoFar(topics.categoryTopics().values()).size() >= CONTACTS, Duration.ofSeconds(90),
                    () -> "contacts on the ConfigMap's topics: " + reader.keysSoFar(topics.categoryTopics().values()).size() + "; logs:\n" + logs());
            ManagementApi management = new ManagementApi("http://127.0.0.1:" + managementPort);
            assertThat(management.get("/observe/health/started").status()).as("the ConfigMap's management port").isEqualTo(200);
            assertThat(reader.keysSoFar(topics.categoryTopics().values())).hasSize(CONTACTS).doesNotHaveDuplicates();
            assertThat(simulator.requests()).isNotEmpty().allSatisfy(request -> assertThat(request.keyValid())
                    .as("the Secret's key").isTrue());
            assertThat(logs()).doesNotContain(AppFixture.API_KEY);
        }
    }

    /**
     * podman 4.3 has no Kubernetes API, refuses fieldRef metadata.namespace, and turns container ports into
     * port mappings, which host networking refuses; the test's peers are on loopback.
     */
    private static void workAroundPodmanGaps(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        pod.setHostNetwork(true);
        container.setPorts(List.of());
        container.setImage(Podman.IMAGE);
        List<EnvVar> env = container.getEnv().stream().filter(variable -> !variable.getName().equals("POD_NAMESPACE"))
                .map(variable -> variable.getName().equals("SMARTLEAD_HA_ENABLED") ? new EnvVar(variable.getName(), "false", null)
                        : variable)
                .collect(Collectors.toList());
        container.setEnv(env);
        deployment.getSpec().setReplicas(1);
    }

    /** A podman secret standing in for the Secret: a JSON map of key to base64 value. */
    private static String secretJson(Map<String, String> values) {
        return values.entrySet().stream()
                .map(entry -> "\"" + entry.getKey() + "\": \"" + Base64.getEncoder()
                        .encodeToString(entry.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }



    private static String logs() {
        return Podman.exec(Duration.ofMinutes(1), "logs", "smartlead-kafka-routes-pod-smartlead-kafka-routes").output();
    }
}
