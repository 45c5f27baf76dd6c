package io.smartleadkafkaroutes.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactRecordFactoryTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ContactRecordFactory factory = new ContactRecordFactory(mapper, new EmailStatusClassifier());
    private final FetchReply page = new FetchReply(new FetchRequest(327105, 10000, 500, 1000), List.of(), 2345,
            null, Instant.parse("2026-11-26T10:15:30Z"));

    @Test
    void should_keep_every_field_as_sent_and_add_the_category_and_the_source() throws Exception {
        JsonNode entry = mapper.readTree("{\"id\":\"c1\",\"email\":\"A@B.io\",\"status\":\"completed\","
                + "\"phone\":\"+1 555\",\"company\":{\"name\":\"X\",\"size\":12}}");

        ContactRecord record = factory.build(entry, page, "poll-1", 7);

        assertThat(record.id()).isEqualTo("c1");
        assertThat(record.emailStatus()).isEqualTo(EmailStatus.VERIFIED);
        assertThat(mapper.readTree(record.value())).isEqualTo(mapper.readTree("{\"id\":\"c1\",\"email\":\"A@B.io\","
                + "\"status\":\"completed\",\"phone\":\"+1 555\",\"company\":{\"name\":\"X\",\"size\":12},"
                + "\"emailStatus\":\"verified\",\"source\":{\"filterId\":327105,\"pollId\":\"poll-1\","
                + "\"fetchedAt\":\"2026-11-26T10:15:30Z\",\"pageOffset\":1000,\"position\":7,\"totalCount\":2345}}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"just text\"", "[1,2]", "42", "null", "{\"email\":\"a@b.io\"}", "{\"id\":17}",
        "{\"id\":\"\"}", "{\"id\":null}", "{\"id\":[\"a\"]}"})
    void should_refuse_an_entry_that_cannot_be_a_contact_record(String entry) throws Exception {
        DeadLetterException invalid = catchThrowableOfType(DeadLetterException.class,
                () -> factory.build(mapper.readTree(entry), page, "poll-1", 0));

        assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID_CONTACT);
        assertThat(invalid).hasMessageStartingWith("Contact cannot be published: ");
    }
}
