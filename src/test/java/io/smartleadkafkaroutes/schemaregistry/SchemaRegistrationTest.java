package io.smartleadkafkaroutes.schemaregistry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings the registration refuses before asking any registry (SchemaRegistryIT asks a real one). */
class SchemaRegistrationTest {

    @Test
    void should_refuse_a_url_that_is_not_http_with_the_values_allowed() {
        assertThatThrownBy(() -> SchemaRegistration.register("registry:8080", "smartlead-kafka-routes"))
                .isInstanceOf(SchemaRegistrationException.class)
                .hasMessage("Invalid setting smartlead.schema-registry.url=registry:8080: allowed values are empty (off)"
                        + " or the registry's v3 API URL without credentials, e.g."
                        + " http://apicurio-registry:8080/apis/registry/v3");
    }

    @Test
    void should_refuse_a_url_with_credentials_which_every_record_would_show() {
        assertThatThrownBy(() -> SchemaRegistration.register("http://user:secret@registry:8080/apis/registry/v3",
                "smartlead-kafka-routes")).isInstanceOf(SchemaRegistrationException.class)
                .hasMessageStartingWith("Invalid setting smartlead.schema-registry.url=http://***@registry:8080/apis/registry/v3:"
                        + " allowed values are empty (off) or the registry's v3 API URL without credentials")
                .hasMessageNotContaining("secret");
    }

    @Test
    void should_refuse_an_empty_group() {
        assertThatThrownBy(() -> SchemaRegistration.register("http://registry:8080/apis/registry/v3", " "))
                .isInstanceOf(SchemaRegistrationException.class)
                .hasMessage("smartlead.schema-registry.group-id is not set");
    }
}
