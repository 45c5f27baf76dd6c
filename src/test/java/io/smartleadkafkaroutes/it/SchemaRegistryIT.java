package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaDeserializer;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.ApicurioRegistry;
import io.smartleadkafkaroutes.support.AppProcess;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TopicReader;
import io.smartleadkafkaroutes.support.TestTopics;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema registry mode against a real Apicurio Registry: the bundle registers its record schemas at start, and a
 * consumer with Apicurio's own JSON Schema deserializer reads and validates every record by its headers, while the
 * value stays the plain JSON every other consumer reads; with the registry unreachable, the bundle does not start.
 */
class SchemaRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FILTER = 220022;
    private static final String GROUP = "smartlead-kafka-routes";
    private static final String PAGE = """
            {"success":true,"message":"Data retrieved successfully","data":{"list":[
              {"id":"registered-1","email":"ada@example.com","status":"completed","verificationStatus":"valid"},
              {"id":"registered-2","email":null,"status":"completed"},
              {"id":"not-a-contact","email":17}
            ],"total_count":3}}""";
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();
    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    @AfterAll
    static void checkTheKeyNeverShowed() throws Exception {
        KeyLeakCheck.assertNotInTestLog(AppFixture.API_KEY);
    }

    @Test
    void should_stamp_every_record_with_its_registered_schema_which_apicurio_deserializer_validates() throws Exception {
        TestTopics topics = BUNDLE.topics("schema-registry");
        BUNDLE.simulator().enqueueFaults(Fault.body(PAGE));

        poll(topics);

        List<ConsumerRecord<String, byte[]>> plain = BUNDLE.reader().readAll(topics.all()).values().stream()
                .flatMap(List::stream).toList();
        assertThat(plain).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("registered-1", "registered-2",
                Long.toString(FILTER));

        Map<String, JsonNode> validated = readValidating(topics.all(), plain.size());
        assertThat(validated).hasSize(plain.size());
        for (ConsumerRecord<String, byte[]> record : plain) {
            // the value is the plain JSON it always was: no magic byte, no id in front of it
            assertThat(record.value()[0]).as(record.key()).isEqualTo((byte) '{');
            assertThat(validated.get(record.key())).as(record.key()).isEqualTo(JSON.readTree(record.value()));
            String artifact = record.topic().equals(topics.deadLetter()) ? "dead-letter-record" : "contact-record";
            long globalId = longHeader(record.headers(), "apicurio.value.globalId");
            assertThat(TopicReader.header(record, "ce_dataschema")).as(record.key())
                    .isEqualTo(REGISTRY.apiUrl() + "/ids/globalIds/" + globalId);
            assertThat(JSON.readTree(ApicurioRegistry.get(TopicReader.header(record, "ce_dataschema"))))
                    .isEqualTo(JSON.readTree(Path.of("schemas", artifact + ".schema.json").toFile()));
            JsonNode version = JSON.readTree(ApicurioRegistry.get(REGISTRY.apiUrl() + "/groups/" + GROUP + "/artifacts/"
                    + artifact + "/versions/branch=latest"));
            assertThat(version.get("globalId").asLong()).isEqualTo(globalId);
            assertThat(longHeader(record.headers(), "apicurio.value.contentId")).isEqualTo(version.get("contentId").asLong());
        }
        try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer()) {
            for (ConsumerRecord<String, byte[]> record : plain) {
                CloudEvent event = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
                assertThat(event.getDataSchema()).isEqualTo(URI.create(TopicReader.header(record, "ce_dataschema")));
                assertThat(event.getData().toBytes()).isEqualTo(record.value());
            }
        }
        // the deserializer validates against the stamped schema: a value that breaks it is refused
        ConsumerRecord<String, byte[]> contact = plain.stream().filter(record -> record.key().equals("registered-1"))
                .findFirst().orElseThrow();
        try (JsonSchemaKafkaDeserializer<JsonNode> deserializer = new JsonSchemaKafkaDeserializer<>()) {
            deserializer.configure(validatingDeserializer(), false);
            assertThatThrownBy(() -> deserializer.deserialize(contact.topic(), contact.headers(),
                    "{\"id\":\"registered-1\"}".getBytes(StandardCharsets.UTF_8)))
                    .hasMessageContaining("Error validating data against json schema")
                    .hasMessageContaining("required property 'emailNormalized' not found");
        }
    }

    @Test
    void should_find_the_schemas_it_registered_before_when_it_starts_again() throws Exception {
        TestTopics topics = BUNDLE.topics("schema-registry-again");
        BUNDLE.simulator().withFilter(FILTER, 10);

        poll(topics);
        poll(topics);

        for (String artifact : List.of("contact-record", "dead-letter-record")) {
            JsonNode versions = JSON.readTree(ApicurioRegistry.get(REGISTRY.apiUrl() + "/groups/" + GROUP + "/artifacts/"
                    + artifact + "/versions"));
            assertThat(versions.get("count").asInt()).as(artifact).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_to_start_with_one_line_when_the_registry_does_not_answer() throws Exception {
        TestTopics topics = BUNDLE.topics("schema-registry-unreachable");
        String nowhere = "http://127.0.0.1:" + FreePort.pick() + "/apis/registry/v3";
        AppProcess app = new AppProcess(Path.of("target", "schema-registry-it", "unreachable.txt"))
                .environment("SMARTLEAD_API_KEY", AppFixture.API_KEY)
                .environment("SMARTLEAD_POLL_FILTER_IDS", Long.toString(FILTER))
                .environment("SMARTLEAD_API_BASE_URL", "http://127.0.0.1:9")
                .environment("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers())
                .environment("SMARTLEAD_SCHEMA_REGISTRY_URL", nowhere)
                .systemProperty("camel.management.port", Integer.toString(FreePort.pick()));
        topics.asSettings().forEach((name, value) -> app.systemProperty((String) name, (String) value));
        Duration bound = Duration.ofSeconds(60);

        AppProcess.Ended ended = app.runAtMost(bound);

        assertThat(ended.exited()).as("exited by itself within %s; output:%n%s", bound, ended.output()).isTrue();
        assertThat(ended.status()).as("exit status; output:%n%s", ended.output()).isEqualTo(2);
        assertThat(ended.lines()).as("ERROR lines").filteredOn(line -> line.contains(" ERROR ")).singleElement()
                .asString().contains("Cannot start: The schema registry at " + nowhere
                        + " (smartlead.schema-registry.url) did not register the contact-record schema: ")
                .endsWith("; start it, correct the setting, or set it empty to publish without a schema registry");
    }

    private static void poll(TestTopics topics) throws Exception {
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("smartlead.schema-registry.url", REGISTRY.apiUrl());
        BUNDLE.runPolls(settings, 1);
    }

    /** A consumer as Apicurio's users configure it: the schema by the record's headers, the value validated. */
    private static Map<String, Object> validatingDeserializer() {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, REGISTRY.apiUrl());
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, true);
        config.put(SerdeConfig.VALIDATION_ENABLED, true);
        return config;
    }

    /** Every record of {@code topics}, by key, as a KafkaConsumer with Apicurio's deserializer reads it. */
    private static Map<String, JsonNode> readValidating(List<String> topics, int expected) {
        Map<String, Object> config = validatingDeserializer();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, JsonSchemaKafkaDeserializer.class.getName());
        Map<String, JsonNode> read = new HashMap<>();
        try (KafkaConsumer<String, JsonNode> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (read.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> read.put(record.key(), record.value()));
            }
        }
        return read;
    }

    private static long longHeader(Headers headers, String name) {
        return ByteBuffer.wrap(headers.lastHeader(name).value()).getLong();
    }
}
