package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The manifests in k8s/ stay in step with the repository: every route shipped, secrets only as placeholders. */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("k8s", "base");
    private final YAMLMapper yaml = new YAMLMapper();

    @Test
    void should_ship_every_route_file_and_the_properties_in_the_generated_config_maps() throws Exception {
        JsonNode kustomization = yaml.readTree(BASE.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        for (JsonNode generator : kustomization.get("configMapGenerator")) {
            generator.get("files").forEach(file -> listed.add(file.asText()));
        }
        List<String> routes;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            routes = files.map(file -> "../../routes/" + file.getFileName()).sorted().toList();
        }
        assertThat(listed).contains("application.properties=../../application.properties").containsAll(routes);
        for (String file : listed) {
            assertThat(BASE.resolve(file.substring(file.indexOf('=') + 1))).as(file).exists();
        }
    }

    @Test
    void should_let_the_service_account_hold_leases_and_see_pods() throws Exception {
        List<JsonNode> documents = yaml.readValues(yaml.getFactory().createParser(BASE.resolve("rbac.yaml").toFile()),
                JsonNode.class).readAll();
        JsonNode role = documents.stream().filter(doc -> doc.path("kind").asText().equals("Role")).findFirst().orElseThrow();
        JsonNode binding = documents.stream().filter(doc -> doc.path("kind").asText().equals("RoleBinding")).findFirst()
                .orElseThrow();

        assertThat(role.toString()).contains("\"leases\"", "\"create\"", "\"update\"", "\"pods\"");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("smartlead-kafka-routes");
    }

    @Test
    void should_hold_only_placeholders_in_the_secret_template() throws Exception {
        JsonNode secret = yaml.readTree(BASE.resolve("secret.template.yaml").toFile());

        secret.get("stringData").fields().forEachRemaining(entry ->
                assertThat(entry.getValue().asText()).as(entry.getKey()).matches("<[^>]+>"));
    }

    @Test
    void should_give_the_pod_what_the_application_reads_and_harden_it() throws Exception {
        JsonNode pod = yaml.readTree(BASE.resolve("deployment.yaml").toFile()).at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        List<String> env = new ArrayList<>();
        container.get("env").forEach(variable -> env.add(variable.get("name").asText()));

        assertThat(env).contains("SMARTLEAD_API_KEY", "KAFKA_BOOTSTRAP_SERVERS", "SMARTLEAD_CONFIG_FILE",
                "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN", "SMARTLEAD_HA_ENABLED", "POD_NAMESPACE");
        assertThat(pod.at("/serviceAccountName").asText()).isEqualTo("smartlead-kafka-routes");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    }
}
