package io.smartleadkafkaroutes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.support.RecordContract;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schemas accept the examples docs/records.md shows and reject what breaks the contract. */
class RecordContractTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void should_accept_the_example_records_the_documentation_shows() throws Exception {
        assertThat(RecordContract.violations(RecordContract.CONTACT, fixture("example-contact-record.json"))).isEmpty();
        assertThat(RecordContract.violations(RecordContract.DEAD_LETTER, fixture("example-dead-letter-record.json"))).isEmpty();
        // docs/records.md shows these very files, so its examples cannot drift from the contract
        String records = Files.readString(Path.of("docs", "records.md"));
        for (String example : new String[] {"example-contact-record.json", "example-dead-letter-record.json"}) {
            assertThat(records).contains(Files.readString(Path.of("src/test/resources/fixtures", example)).strip());
        }
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"id", "emailStatus", "source", "emailNormalized", "freeMailProvider"})
    void should_reject_a_contact_record_missing_an_added_field(String field) throws Exception {
        ObjectNode record = (ObjectNode) fixture("example-contact-record.json");
        record.remove(field);

        assertThat(RecordContract.violations(RecordContract.CONTACT, record)).isNotEmpty();
    }

    @Test
    void should_reject_an_unknown_category_and_a_time_that_is_not_a_date() throws Exception {
        ObjectNode record = (ObjectNode) fixture("example-contact-record.json");
        record.put("emailStatus", "maybe");
        ((ObjectNode) record.get("source")).put("fetchedAt", "yesterday");

        assertThat(RecordContract.violations(RecordContract.CONTACT, record)).hasSize(2);
    }

    @Test
    void should_reject_a_dead_letter_with_an_unknown_reason() throws Exception {
        ObjectNode record = (ObjectNode) fixture("example-dead-letter-record.json");
        record.put("reason", "bad-luck");

        assertThat(RecordContract.violations(RecordContract.DEAD_LETTER, record)).isNotEmpty();
    }

    private JsonNode fixture(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            return mapper.readTree(in);
        }
    }
}
