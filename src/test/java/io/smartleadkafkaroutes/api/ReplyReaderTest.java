package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
    private static final FetchRequest REQUEST = new FetchRequest(327105, 10000, 500, 1000);
    private final ReplyReader reader = new ReplyReader(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void should_read_the_contacts_the_total_and_the_metrics_of_a_successful_reply() throws IOException {
        FetchReply reply = reader.read(200, fixture("reply-two-contacts.json"), REQUEST);

        assertThat(reply.rows().size()).isEqualTo(2);
        assertThat(reply.rows().id(0)).isEqualTo("5f22b0c8cff47e0001616f81");
        assertThat(reply.rows().entry(0).get("id").asText()).isEqualTo("5f22b0c8cff47e0001616f81");
        assertThat(reply.rows().entry(1).get("phone").asText()).isEqualTo("+1 555 0100");
        assertThat(reply.totalCount()).isEqualTo(2345);
        assertThat(reply.metrics().get("verifiedEmails").asInt()).isEqualTo(1700);
        assertThat(reply.request()).isEqualTo(REQUEST);
        assertThat(reply.fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void should_keep_each_entry_as_sent_whatever_its_type_and_place_in_the_reply() throws IOException {
        String list = "[ {\"id\":\"a\",\"company\":{\"id\":\"inner\"},\"name\":\"Zoë \\\"Z\\\" Müller ✓\"} ,\n"
                + " \"text \\u00e9\" , 12.5e3,-7 ,true,false , null,[1,{\"a\":[]}],{\"id\":5},{\"id\":\"b\",\"id\":\"c\"},{} ]";
        String body = "{\"data\":{\"metrics\":{\"n\":1},\"list\":" + list + ",\"total_count\":10},\"success\":true}";

        FetchReply reply = reader.read(200, body.getBytes(StandardCharsets.UTF_8), REQUEST);

        JsonNode sent = new ObjectMapper().readTree(list);
        assertThat(reply.rows().size()).isEqualTo(sent.size());
        for (int position = 0; position < sent.size(); position++) {
            assertThat(reply.rows().entry(position)).as("entry %d", position).isEqualTo(sent.get(position));
        }
        assertThat(IntStream.range(0, sent.size()).mapToObj(reply.rows()::id))
                .containsExactly("a", null, null, null, null, null, null, null, null, "c", null);
        assertThat(reply.metrics().get("n").asInt()).isEqualTo(1);
        assertThat(reply.totalCount()).isEqualTo(10);
    }

    @Test
    void should_give_each_caller_an_entry_of_its_own() throws IOException {
        FetchReply reply = reader.read(200, fixture("reply-two-contacts.json"), REQUEST);

        ((ObjectNode) reply.rows().entry(0)).put("id", "changed");

        assertThat(reply.rows().entry(0).get("id").asText()).isEqualTo("5f22b0c8cff47e0001616f81");
    }

    @Test
    void should_read_a_reply_that_begins_with_a_byte_order_mark() throws IOException {
        byte[] json = fixture("reply-two-contacts.json");
        byte[] marked = new byte[json.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(json, 0, marked, 3, json.length);

        FetchReply reply = reader.read(200, marked, REQUEST);

        assertThat(reply.rows().entry(1).get("phone").asText()).isEqualTo("+1 555 0100");
    }

    @Test
    void should_refuse_a_reply_that_is_not_utf_8() throws IOException {
        byte[] utf16 = new String(fixture("reply-two-contacts.json"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE);

        DeadLetterException malformed = catchThrowableOfType(DeadLetterException.class,
                () -> reader.read(200, utf16, REQUEST));

        assertThat(malformed.reason()).isEqualTo(DeadLetterReason.MALFORMED_RESPONSE);
        assertThat(malformed).hasMessage("Unreadable fetch-contacts reply: the body is not UTF-8");
    }

    @Test
    void should_reject_a_success_false_reply_with_the_api_message() throws IOException {
        DeadLetterException rejected = catchThrowableOfType(DeadLetterException.class,
                () -> reader.read(200, fixture("reply-credits-exhausted.json"), REQUEST));

        assertThat(rejected.reason()).isEqualTo(DeadLetterReason.API_REJECTED);
        assertThat(rejected.stage()).isEqualTo(Stage.FETCH);
        assertThat(rejected).hasMessage("SmartLead refused the request: Not enough credits left. Need 5 more credits to do this operation");
        assertThat(rejected.httpStatus()).isEqualTo(200);
    }

    @Test
    void should_tell_the_operator_to_check_the_key_on_401() throws IOException {
        DeadLetterException unauthorized = catchThrowableOfType(DeadLetterException.class,
                () -> reader.read(401, fixture("reply-unauthorized.json"), REQUEST));

        assertThat(unauthorized.reason()).isEqualTo(DeadLetterReason.HTTP_ERROR);
        assertThat(unauthorized.httpStatus()).isEqualTo(401);
        assertThat(unauthorized).hasMessage("HTTP 401 from SmartLead: Unauthorized; check that SMARTLEAD_API_KEY holds a valid SmartLead API key");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"400, 'limit must be a whole number', HTTP 400 from SmartLead: limit must be a whole number",
        "500, '', HTTP 500 from SmartLead: no message", "503, '', HTTP 503 from SmartLead: no message"})
    void should_report_other_statuses_with_the_api_message(int status, String apiMessage, String expected) {
        String body = apiMessage.isEmpty() ? "<html>Service Unavailable</html>" : "{\"message\":\"" + apiMessage + "\"}";
        DeadLetterException failed = catchThrowableOfType(DeadLetterException.class,
                () -> reader.read(status, body.getBytes(StandardCharsets.UTF_8), REQUEST));

        assertThat(failed.reason()).isEqualTo(DeadLetterReason.HTTP_ERROR);
        assertThat(failed).hasMessage(expected);
        assertThat(failed.responseBody()).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                   | <html><body>Bad gateway</body></html> | the body is not valid JSON",
        "invalid inside an entry    | {\"success\":true,\"data\":{\"list\":[{\"id\":\"a\",\"x\":[1,]}],\"total_count\":1}} | the body is not valid JSON",
        "an entry not closed        | {\"success\":true,\"data\":{\"list\":[{\"id\":\"a\"],\"total_count\":1}} | the body is not valid JSON",
        "truncated                  | {\"success\":true,\"data\":{\"list\":[{\"id\":\"a\"} | the body is not valid JSON",
        "empty                      | '' | the body is not a JSON object",
        "an array                   | [1,2] | the body is not a JSON object",
        "no success                 | {\"data\":{\"list\":[],\"total_count\":0}} | 'success' is missing or not a boolean",
        "success as text            | {\"success\":\"true\",\"data\":{\"list\":[],\"total_count\":0}} | 'success' is missing or not a boolean",
        "no data                    | {\"success\":true} | 'data' is missing or not an object",
        "list not an array          | {\"success\":true,\"data\":{\"list\":{},\"total_count\":0}} | 'data.list' is missing or not an array",
        "total_count as text        | {\"success\":true,\"data\":{\"list\":[],\"total_count\":\"12\"}} | 'data.total_count' is missing or not a whole number >= 0",
        "total_count negative       | {\"success\":true,\"data\":{\"list\":[],\"total_count\":-1}} | 'data.total_count' is missing or not a whole number >= 0",
        "total_count fractional     | {\"success\":true,\"data\":{\"list\":[],\"total_count\":1.5}} | 'data.total_count' is missing or not a whole number >= 0"})
    void should_call_an_unreadable_body_a_malformed_response(String variant, String body, String problem) {
        DeadLetterException malformed = catchThrowableOfType(DeadLetterException.class,
                () -> reader.read(200, body.getBytes(StandardCharsets.UTF_8), REQUEST));

        assertThat(malformed.reason()).isEqualTo(DeadLetterReason.MALFORMED_RESPONSE);
        assertThat(malformed.stage()).isEqualTo(Stage.PARSE);
        assertThat(malformed).hasMessageContaining(problem);
        assertThat(malformed.responseBody()).isEqualTo(body);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ReplyReaderTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
