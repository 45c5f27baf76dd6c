package io.smartleadkafkaroutes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.smartleadkafkaroutes.k8s.Strimzi.KafkaTopic;
import io.smartleadkafkaroutes.k8s.Strimzi.KafkaUser;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strimzi overlay: a KafkaTopic for every topic application.properties names, a KafkaUser allowed
 * what the bundle does, and SASL_SSL wired to that user's Secret and the cluster CA; the topics and the
 * user as Strimzi's own CRDs accept them.
 */
class StrimziOverlayTest {

    private static final Path STRIMZI = Manifests.ROOT.resolve("overlays").resolve("strimzi");
    private static final Properties SETTINGS = ShippedSettings.load();
    private static final String DEDUP_TOPIC = SETTINGS.getProperty("smartlead.topics.dedup");
    private static final String REQUEST_TOPIC = SETTINGS.getProperty("smartlead.topics.fetch-requests");
    private static final Set<String> CATEGORY_TOPICS = Arrays.stream(EmailStatus.values())
            .map(status -> SETTINGS.getProperty(status.topicSetting())).collect(Collectors.toSet());
    /** smartlead.topics.* settings that name no topic: how the bundle creates missing ones. */
    private static final Set<String> TOPIC_CREATION = Set.of("smartlead.topics.create", "smartlead.topics.partitions",
            "smartlead.topics.replication-factor", "smartlead.topics.delete-retention");

    @Test
    void should_create_every_topic_the_bundle_uses_with_the_published_contacts_compacted() {
        Map<String, KafkaTopic> topics = topics().stream()
                .collect(Collectors.toMap(topic -> topic.spec().topicName(), Function.identity()));

        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(bundleTopics());
        topics.forEach((name, topic) -> {
            Object cleanup = topic.spec().config().get("cleanup.policy");
            boolean table = name.equals(DEDUP_TOPIC) || CATEGORY_TOPICS.contains(name);
            assertThat(cleanup).as(name + " cleanup.policy").isEqualTo(table ? "compact" : null);
            assertThat(topic.spec().config().get("delete.retention.ms")).as(name + " delete.retention.ms")
                    .isEqualTo(CATEGORY_TOPICS.contains(name) ? 86_400_000 : null);
        });
    }

    @Test
    void should_let_the_kafka_user_do_what_the_bundle_does_and_no_more() {
        List<KafkaUser.Acl> acls = user().spec().authorization().acls();
        Map<String, Set<String>> topicOperations = new TreeMap<>();
        acls.stream().filter(acl -> acl.resource().type().equals("topic")).forEach(acl -> {
            assertThat(acl.resource().patternType()).isEqualTo("literal");
            topicOperations.put(acl.resource().name(), new TreeSet<>(acl.operations()));
        });

        assertThat(topicOperations.keySet()).containsExactlyInAnyOrderElementsOf(bundleTopics());
        topicOperations.forEach((topic, operations) -> {
            Set<String> needed = new TreeSet<>(Set.of("Describe", "DescribeConfigs"));
            needed.add(topic.equals(REQUEST_TOPIC) ? "Read" : "Write");
            if (topic.equals(DEDUP_TOPIC)) {
                needed.add("Read");
            }
            assertThat(operations).as(topic).isEqualTo(needed);
        });
        assertThat(acls).anySatisfy(acl -> {
            assertThat(acl.resource().type()).isEqualTo("group");
            assertThat(acl.resource().name()).isEqualTo(SETTINGS.getProperty("smartlead.fetch-requests.group-id"));
            assertThat(acl.operations()).containsExactly("Read");
        });
        assertThat(SETTINGS.getProperty("smartlead.kafka.transactional-id")).isEqualTo("{{camel.main.name}}");
        assertThat(acls).anySatisfy(acl -> {
            assertThat(acl.resource().type()).isEqualTo("transactionalId");
            assertThat(acl.resource().name()).isEqualTo(SETTINGS.getProperty("camel.main.name"));
            assertThat(acl.operations()).containsExactlyInAnyOrder("Describe", "Write");
        });
    }

    @Test
    void should_connect_with_sasl_ssl_as_the_kafka_user_trusting_the_cluster_ca() {
        KafkaUser user = user();
        String cluster = user.metadata().getLabels().get(Strimzi.CLUSTER_LABEL);
        String clusterCa = cluster + "-cluster-ca-cert";
        Deployment patch = Manifests.one(STRIMZI.resolve("kafka-security.yaml"), Deployment.class);
        Container container = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        Volume caVolume = patch.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getSecret() != null && volume.getSecret().getSecretName().equals(clusterCa))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of the cluster CA Secret " + clusterCa));
        KeyToPath truststore = caVolume.getSecret().getItems().stream().filter(item -> item.getKey().equals("ca.p12"))
                .findFirst().orElseThrow();
        String caFolder = container.getVolumeMounts().stream().filter(mount -> mount.getName().equals(caVolume.getName()))
                .findFirst().orElseThrow().getMountPath();

        assertThat(topics()).allSatisfy(topic -> assertThat(topic.metadata().getLabels()).containsEntry(Strimzi.CLUSTER_LABEL, cluster));
        assertThat(user.spec().authentication().type()).isEqualTo("scram-sha-512");
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
        assertThat(env.get("KAFKA_SASL_MECHANISM").getValue()).isEqualTo("SCRAM-SHA-512");
        assertSecretKey(env.get("KAFKA_SASL_JAAS_CONFIG"), user.metadata().getName(), "sasl.jaas.config");
        assertThat(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").getValue()).isEqualTo(caFolder + "/" + truststore.getPath());
        assertThat(env.get("KAFKA_SSL_TRUSTSTORE_TYPE").getValue()).isEqualTo("PKCS12");
        assertSecretKey(env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"), clusterCa, "ca.password");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kafka-topics.yaml", "kafka-user.yaml"})
    void should_be_accepted_by_the_strimzi_crds(String file) {
        assertThat(documents(file)).isNotEmpty().allSatisfy(resource ->
                assertThat(CustomResourceSchemas.STRIMZI.violations(resource)).as(resource.path("metadata").path("name").asText()).isEmpty());
    }

    static Stream<Arguments> refusedResources() {
        JsonNode topic = documents("kafka-topics.yaml").get(0);
        JsonNode user = documents("kafka-user.yaml").get(0);
        return Stream.of(
                Arguments.of("a field KafkaTopic does not have", changed(topic, t -> spec(t).put("bogus", "x")), "'bogus'"),
                Arguments.of("the removed v1beta2", changed(topic, t -> t.put("apiVersion", "kafka.strimzi.io/v1beta2")),
                        "v1beta2"),
                Arguments.of("no partitions", changed(topic, t -> spec(t).put("partitions", 0)), "$.spec.partitions"),
                Arguments.of("replicas as text", changed(topic, t -> spec(t).put("replicas", "three")), "$.spec.replicas"),
                Arguments.of("an ACL's single operation, gone from v1",
                        changed(user, u -> firstAcl(u).put("operation", "Write")), "'operation'"),
                Arguments.of("an ACL without operations", changed(user, u -> firstAcl(u).remove("operations")), "'operations'"),
                Arguments.of("an operation Kafka does not have",
                        changed(user, u -> ((ArrayNode) firstAcl(u).get("operations")).add("Publish")), "operations[3]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedResources")
    void should_refuse_what_the_strimzi_crds_refuse(String what, JsonNode resource, String named) {
        assertThat(CustomResourceSchemas.STRIMZI.violations(resource)).anySatisfy(violation -> assertThat(violation).contains(named));
    }

    private static JsonNode changed(JsonNode resource, Consumer<ObjectNode> change) {
        ObjectNode copy = resource.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static ObjectNode spec(ObjectNode resource) {
        return (ObjectNode) resource.get("spec");
    }

    private static ObjectNode firstAcl(ObjectNode user) {
        return (ObjectNode) user.get("spec").get("authorization").get("acls").get(0);
    }

    private static void assertSecretKey(EnvVar variable, String secret, String key) {
        SecretKeySelector reference = variable.getValueFrom().getSecretKeyRef();
        assertThat(reference.getName()).as(variable.getName()).isEqualTo(secret);
        assertThat(reference.getKey()).as(variable.getName()).isEqualTo(key);
        assertThat(reference.getOptional()).as(variable.getName() + " optional").isFalse();
    }

    /** The topics application.properties names (smartlead.topics.custom a list of them): written, read, remembered. */
    private static Set<String> bundleTopics() {
        return SETTINGS.stringPropertyNames().stream()
                .filter(name -> name.startsWith("smartlead.topics.") && !TOPIC_CREATION.contains(name))
                .flatMap(name -> Arrays.stream(SETTINGS.getProperty(name).split(",")))
                .map(String::strip).filter(topic -> !topic.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The documents of an overlay file as they are, for the CRDs' schemas. */
    private static List<JsonNode> documents(String file) {
        try {
            return new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(STRIMZI.resolve(file).toFile()).readAll();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static List<KafkaTopic> topics() {
        return Manifests.all(STRIMZI.resolve("kafka-topics.yaml"), KafkaTopic.class);
    }

    private static KafkaUser user() {
        return Manifests.one(STRIMZI.resolve("kafka-user.yaml"), KafkaUser.class);
    }
}
