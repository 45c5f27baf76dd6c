package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.smartleadkafkaroutes.it.AppFixture;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.EmbeddedKafka;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image built from the Dockerfile and run as the Deployment runs it (uid 185, read-only root filesystem,
 * /tmp a tmpfs, every capability dropped, no new privileges, 512 MiB), configured as the pod is (an
 * overrides-only file where SMARTLEAD_CONFIG_FILE points, secrets as environment variables), against the
 * simulator and a real broker on the host's loopback.
 */
@Tag("image")
class ContainerImageRunIT {

    private static final long FILTER_ID = 327105;
    private static final int CONTACTS = 2345;
    private static final String CONTAINER = "smartlead-kafka-routes-image-it";

    @BeforeAll
    static void buildImage() {
        Podman.buildImage();
    }

    @AfterEach
    void removeContainer() {
        Podman.exec(Duration.ofMinutes(1), "rm", "--force", "--time", "0", CONTAINER);
    }

    @Test
    void should_start_publish_every_contact_once_and_stop_on_sigterm_within_the_pods_grace_period() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "image-it"));
        TestTopics topics = new TestTopics("image");
        int managementPort = FreePort.pick();
        long gracePeriod = Manifests.one(Manifests.BASE.resolve("deployment.yaml"), Deployment.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                SmartleadSimulator simulator = new SmartleadSimulator(AppFixture.API_KEY).withFilter(FILTER_ID, CONTACTS).start()) {
            kafka.createTopics(topics.all());
            Path overrides = writeOverrides(work, topics, simulator.baseUrl(), managementPort);
            Path secrets = writeEnvFile(work, Map.of("SMARTLEAD_API_KEY", AppFixture.API_KEY,
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
            ManagementApi management = new ManagementApi("http://127.0.0.1:" + managementPort);

            long launched = System.nanoTime();
            Podman.run(Duration.ofMinutes(1), "run", "--detach", "--name", CONTAINER, "--network", "host",
                    "--user", "185:185", "--read-only", "--tmpfs", "/tmp:rw,size=128m", "--cap-drop", "ALL",
                    "--security-opt", "no-new-privileges", "--memory", "512m",
                    "--volume", overrides.toAbsolutePath() + ":/deployments/config/application.properties:ro",
                    "--env", "SMARTLEAD_CONFIG_FILE=/deployments/config/application.properties",
                    "--env-file", secrets.toAbsolutePath().toString(), Podman.IMAGE);
            Eventually.until(() -> answers(management, "/observe/health/started"), Duration.ofSeconds(10),
                    () -> "/observe/health/started did not answer 200 within 10 s; logs:\n" + logs());
            Duration startedAfter = Duration.ofNanos(System.nanoTime() - launched);

            TopicReader reader = new TopicReader(kafka.bootstrapServers());
            Eventually.until(() -> reader.keysSoFar(topics.categoryTopics().values()).size() >= CONTACTS, Duration.ofSeconds(90),
                    () -> "contacts on the topics: " + reader.keysSoFar(topics.categoryTopics().values()).size() + "; logs:\n" + logs());
            Eventually.until(() -> answers(management, "/observe/health/ready"), Duration.ofSeconds(30),
                    () -> "/observe/health/ready: " + management.get("/observe/health/ready"));

            long stopping = System.nanoTime();
            Podman.run(Duration.ofSeconds(gracePeriod + 30), "stop", "--time", Long.toString(gracePeriod), CONTAINER);
            Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - stopping);
            String exitCode = Podman.run(Duration.ofMinutes(1), "inspect", "--format", "{{.State.ExitCode}}", CONTAINER);
            String logs = logs();
            System.out.printf("image tier: started in %d ms, stopped in %d ms after SIGTERM (exit %s)%n",
                    startedAfter.toMillis(), stoppedAfter.toMillis(), exitCode);

            assertThat(stoppedAfter).as("stopped within terminationGracePeriodSeconds").isLessThan(Duration.ofSeconds(gracePeriod));
            // 143 = ended by the SIGTERM it handled (128 + 15); 137 would be the SIGKILL after the grace period
            assertThat(exitCode).isIn("0", "143");
            assertThat(logs).contains("is shutdown").doesNotContain(AppFixture.API_KEY);
            List<String> keys = reader.keysSoFar(topics.categoryTopics().values());
            assertThat(keys).as("every contact exactly once").hasSize(CONTACTS).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(simulator.selection(FILTER_ID, CONTACTS).stream()
                            .map(GeneratedContact::id).toList());
            assertThat(reader.read(topics.deadLetter())).as("dead letters").isEmpty();
            assertThat(simulator.requests()).allSatisfy(request -> assertThat(request.keyValid()).isTrue());
        }
    }

    /** The installation's overrides, as the pod's ConfigMap holds them. */
    static Path writeOverrides(Path work, TestTopics topics, String apiBaseUrl, int managementPort) throws IOException {
        Properties overrides = topics.asSettings();
        overrides.put("smartlead.api.base-url", apiBaseUrl);
        overrides.put("smartlead.poll.filter-ids", Long.toString(FILTER_ID));
        overrides.put("smartlead.poll.limit", "10000");
        overrides.put("smartlead.poll.initial-delay", "0");
        overrides.put("camel.management.port", Integer.toString(managementPort));
        Path file = work.resolve("application.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            overrides.store(out, "this installation's overrides");
        }
        // the container's user (uid 185) reads it through the bind mount
        file.toFile().setReadable(true, false);
        return file;
    }

    private static Path writeEnvFile(Path work, Map<String, String> variables) throws IOException {
        Path file = work.resolve("secrets.env");
        Files.writeString(file, new TreeMap<>(variables).entrySet().stream()
                .map(variable -> variable.getKey() + "=" + variable.getValue()).collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    private static boolean answers(ManagementApi management, String path) {
        try {
            return management.get(path).status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }


    private static String logs() {
        return Podman.exec(Duration.ofMinutes(1), "logs", CONTAINER).output();
    }
}
