package io.smartleadkafkaroutes.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strimzi's KafkaTopic and KafkaUser CRDs of the release in {@code src/test/resources/strimzi/}
 * (its README says where they come from), and the check the Kubernetes API server makes of a custom resource
 * against its CRD: a served version of the CRD's group, then that version's schema, in which an object with
 * {@code properties} takes no other field unless it has {@code x-kubernetes-preserve-unknown-fields: true}
 * (what {@code kubectl apply --validate=strict} refuses). The CEL rules of {@code x-kubernetes-validations}
 * are not evaluated; {@code metadata} is left to {@link Manifests}' strict reading.
 */
final class StrimziCrds {

    private static final Path FOLDER = Path.of("src", "test", "resources", "strimzi", "1.2.0");
    private static final ObjectMapper YAML = new YAMLMapper();
    /** JSON Schema with Kubernetes' extensions: unknown fields are refused by the conversion, CEL is not run */
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            factory -> factory.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
                    .keyword(new NonValidationKeyword("x-kubernetes-validations"))
                    .build()));
    /** kind, then apiVersion, then the schema that apiVersion is validated against */
    private static final Map<String, Map<String, JsonSchema>> SERVED =
            load("043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml");

    private StrimziCrds() {
    }

    /** Why the API server would refuse {@code resource}; empty when it would accept it. */
    static List<String> violations(JsonNode resource) {
        String kind = resource.path("kind").asText();
        String apiVersion = resource.path("apiVersion").asText();
        Map<String, JsonSchema> served = SERVED.get(kind);
        if (served == null) {
            return List.of("no Strimzi CRD for the kind " + kind + ": only " + SERVED.keySet());
        }
        JsonSchema schema = served.get(apiVersion);
        if (schema == null) {
            return List.of(kind + " is not served as " + apiVersion + ": only as " + served.keySet());
        }
        return schema.validate(resource).stream().map(ValidationMessage::getMessage).toList();
    }

    private static Map<String, Map<String, JsonSchema>> load(String... files) {
        Map<String, Map<String, JsonSchema>> served = new TreeMap<>();
        for (String file : files) {
            JsonNode crd = read(FOLDER.resolve(file));
            JsonNode spec = crd.path("spec");
            Map<String, JsonSchema> versions = new TreeMap<>();
            for (JsonNode version : spec.path("versions")) {
                if (version.path("served").asBoolean()) {
                    JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    refuseUnknownFields(schema);
                    versions.put(spec.path("group").asText() + "/" + version.path("name").asText(), SCHEMAS.getSchema(schema));
                }
            }
            served.put(spec.path("names").path("kind").asText(), versions);
        }
        return served;
    }

    private static JsonNode read(Path crd) {
        try {
            return YAML.readTree(crd.toFile());
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + crd, unreadable);
        }
    }

    /** Kubernetes' structural-schema rule as JSON Schema: no other fields than an object's properties. */
    private static void refuseUnknownFields(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        schema.path("properties").forEach(StrimziCrds::refuseUnknownFields);
        refuseUnknownFields(schema.path("items"));
        refuseUnknownFields(schema.path("additionalProperties"));
        if (schema.has("properties") && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            ((ObjectNode) schema).put("additionalProperties", false);
        }
    }
}
