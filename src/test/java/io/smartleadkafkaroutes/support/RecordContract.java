package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The repository's JSON Schemas, as a consumer would validate records against them. */
public final class RecordContract {

    public static final JsonSchema CONTACT = load("contact-record.schema.json");
    public static final JsonSchema DEAD_LETTER = load("dead-letter-record.schema.json");

    private RecordContract() {
    }

    private static JsonSchema load(String file) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(Path.of("schemas", file))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (Exception unreadable) {
            throw new IllegalStateException("cannot read schema " + file, unreadable);
        }
    }

    /** The violations of {@code value} against {@code schema}; empty when it conforms. */
    public static Set<ValidationMessage> violations(JsonSchema schema, JsonNode value) {
        return schema.validate(value);
    }
}
