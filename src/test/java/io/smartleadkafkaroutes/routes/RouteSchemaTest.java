package io.smartleadkafkaroutes.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every route file is valid Camel YAML DSL: it validates against the JSON Schema camel-yaml-dsl ships. */
class RouteSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema CAMEL_YAML_DSL = schema();

    private static JsonSchema schema() {
        // the schema of the camel-yaml-dsl on the classpath, i.e. of the Camel version the bundle runs on
        try (InputStream in = YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read camelYamlDsl.json", unreadable);
        }
    }

    /** The shipped route files, and the edited ones the docs show. */
    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("routes")), Files.walk(Path.of("docs/examples")))) {
            return files.filter(file -> file.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void should_validate_against_the_yaml_dsl_schema(Path file) throws IOException {
        JsonNode routes = YAML.readTree(file.toFile());

        assertThat(CAMEL_YAML_DSL.validate(routes)).as(file.toString()).isEmpty();
    }
}
