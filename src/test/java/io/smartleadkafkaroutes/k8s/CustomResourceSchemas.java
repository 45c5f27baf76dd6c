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
 * The CRDs of the custom resources in {@code k8s/}, as their projects release them in {@code src/test/resources/}
 * (a README beside them says where they come from), and the check the Kubernetes API server makes of a custom
 * resource against its CRD: a served version of the CRD's group, then that version's schema, in which an object
 * with {@code properties} takes no other field unless it has {@code x-kubernetes-preserve-unknown-fields: true}
 * (what {@code kubectl apply --validate=strict} refuses). The CEL rules of {@code x-kubernetes-validations}
 * are not evaluated; {@code metadata} is left to {@link Manifests}' strict reading.
 */
final class CustomResourceSchemas {

    private static final ObjectMapper YAML = new YAMLMapper();
    /**
     * JSON Schema with Kubernetes' extensions: unknown fields are refused by the conversion, CEL is not run; how
     * lists and maps merge, and int-or-string (a field without a type), ask nothing of a single resource
     */
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            factory -> factory.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
                    .keyword(new NonValidationKeyword("x-kubernetes-validations"))
                    .keyword(new NonValidationKeyword("x-kubernetes-list-type"))
                    .keyword(new NonValidationKeyword("x-kubernetes-list-map-keys"))
                    .keyword(new NonValidationKeyword("x-kubernetes-map-type"))
                    .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
                    .build()));
    /** Strimzi's KafkaTopic and KafkaUser (after the mapper and the factory they are read with). */
    static final CustomResourceSchemas STRIMZI = new CustomResourceSchemas(Path.of("src", "test", "resources", "strimzi",
            "1.2.0"), "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml");
    /** The Prometheus Operator's PodMonitor and PrometheusRule. */
    static final CustomResourceSchemas PROMETHEUS_OPERATOR = new CustomResourceSchemas(Path.of("src", "test",
            "resources", "prometheus-operator", "0.93.0"), "monitoring.coreos.com_podmonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml");

    /** kind, then apiVersion, then the schema that apiVersion is validated against */
    private final Map<String, Map<String, JsonSchema>> served;

    private CustomResourceSchemas(Path folder, String... crdFiles) {
        served = load(folder, crdFiles);
    }

    /** Why the API server would refuse {@code resource}; empty when it would accept it. */
    List<String> violations(JsonNode resource) {
        String kind = resource.path("kind").asText();
        String apiVersion = resource.path("apiVersion").asText();
        Map<String, JsonSchema> versions = served.get(kind);
        if (versions == null) {
            return List.of("no CRD for the kind " + kind + ": only " + served.keySet());
        }
        JsonSchema schema = versions.get(apiVersion);
        if (schema == null) {
            return List.of(kind + " is not served as " + apiVersion + ": only as " + versions.keySet());
        }
        return schema.validate(resource).stream().map(ValidationMessage::getMessage).toList();
    }

    private static Map<String, Map<String, JsonSchema>> load(Path folder, String... crdFiles) {
        Map<String, Map<String, JsonSchema>> served = new TreeMap<>();
        for (String file : crdFiles) {
            JsonNode crd = read(folder.resolve(file));
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
        schema.path("properties").forEach(CustomResourceSchemas::refuseUnknownFields);
        refuseUnknownFields(schema.path("items"));
        refuseUnknownFields(schema.path("additionalProperties"));
        if (schema.has("properties") && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            ((ObjectNode) schema).put("additionalProperties", false);
        }
    }
}
