package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

        assertThat(reply.contacts()).hasSize(2);
        assertThat(reply.contacts().get(0).get("id").asText()).isEqualTo("5f22b0c8cff47e0001616f81");
        assertThat(reply.contacts().get(1).get("phone").asText()).isEqualTo("+1 555 0100");
        assertThat(reply.totalCount()).isEqualTo(2345);
        assertThat(reply.metrics().get("verifiedEmails").asInt()).isEqualTo(1700);
        assertThat(reply.request()).isEqualTo(REQUEST);
        assertThat(reply.fetchedAt()).isEqualTo(NOW);
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
