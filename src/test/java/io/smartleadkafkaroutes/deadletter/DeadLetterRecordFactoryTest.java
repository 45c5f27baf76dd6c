package io.smartleadkafkaroutes.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.ApiKeyScrubber;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.config.SmartleadSettings.DeadLetterLimits;
import io.smartleadkafkaroutes.simulator.KeyForms;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.RuntimeCamelException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class DeadLetterRecordFactoryTest {

    private static final String KEY = "k&y%2B+=/?#tail-123";
    private final ObjectMapper mapper = new ObjectMapper();
    private final DeadLetterRecordFactory factory = new DeadLetterRecordFactory(mapper,
            Clock.fixed(Instant.parse("2026-11-26T10:15:30Z"), ZoneOffset.UTC), new ApiKeyScrubber(KEY),
            new DeadLetterLimits(20, 60));
    private final FetchRequest request = new FetchRequest(327105, 1000, 500, 0);

    @Test
    void should_explain_a_rejected_reply_found_inside_a_camel_wrapper() throws Exception {
        DeadLetterException rejected = new DeadLetterException(DeadLetterReason.API_REJECTED, Stage.FETCH,
                "SmartLead refused the request: Not enough credits left", 200,
                "{\"success\":false,\"message\":\"Not enough credits left\"}");

        DeadLetterRecord record = factory.build(new RuntimeCamelException("Failed to invoke method", rejected),
                327105L, "poll-1", request, null, null, null);

        JsonNode value = mapper.readTree(record.value());
        assertThat(record.reason()).isEqualTo(DeadLetterReason.API_REJECTED);
        assertThat(value.get("reason").asText()).isEqualTo("api-rejected");
        assertThat(value.get("stage").asText()).isEqualTo("fetch");
        assertThat(value.get("message").asText()).isEqualTo("SmartLead refused the request: Not enough credits left");
        assertThat(value.get("exceptionClass").asText()).isEqualTo(DeadLetterException.class.getName());
        assertThat(value.get("filterId").asLong()).isEqualTo(327105);
        assertThat(value.get("pollId").asText()).isEqualTo("poll-1");
        assertThat(value.get("request")).isEqualTo(mapper.readTree(
                "{\"filter_id\":327105,\"limit\":1000,\"visual_limit\":500,\"visual_offset\":0}"));
        assertThat(value.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(value.get("responseBody").asText()).isEqualTo("{\"success\":false,\"me...[truncated, 53 chars in all]");
        assertThat(value.get("failedAt").asText()).isEqualTo("2026-11-26T10:15:30Z");
        assertThat(value.has("contact")).isFalse();
    }

    @Test
    void should_call_a_missing_reply_a_failed_fetch() throws Exception {
        DeadLetterRecord record = factory.build(new ConnectException("Connection refused"), 4L, "p", request, null, null, null);

        JsonNode value = mapper.readTree(record.value());
        assertThat(value.get("reason").asText()).isEqualTo("fetch-failed");
        assertThat(value.get("exceptionClass").asText()).isEqualTo("java.net.ConnectException");
        assertThat(value.get("httpStatus").isNull()).isTrue();
        assertThat(value.get("attempts").isNull()).isTrue();
        assertThat(record.exceptionClass()).isEqualTo("java.net.ConnectException");
    }

    @Test
    void should_scrub_every_form_of_the_api_key_from_every_text_it_copies() throws Exception {
        String echo = String.join(" ", KeyForms.of(KEY));
        DeadLetterException echoed = new DeadLetterException(DeadLetterReason.HTTP_ERROR, Stage.FETCH,
                "HTTP 401 for ?api_key=" + KeyForms.urlEncoded(KEY) + ": " + echo, 401, echo);
        JsonNode contact = mapper.readTree("{\"id\":\"c1\",\"note\":\"" + KeyForms.jsonEscaped(KEY) + "\"}");

        DeadLetterRecord record = factory.build(echoed, 4L, "p", request, contact, null, null);

        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain("tail-123");
        assertThat(mapper.readTree(value).get("contact").get("note").asText()).isEqualTo("***");
        assertThat(record.message()).isEqualTo("HTTP 401 for ?api_key=***: *** *** *** *** ***");
    }

    @Test
    void should_call_a_record_kafka_refuses_a_refused_record_of_the_publish_stage() throws Exception {
        JsonNode contact = mapper.readTree("{\"id\":\"c-1\"}");
        RecordTooLargeException tooLarge = new RecordTooLargeException("The message is 2097254 bytes when serialized");

        DeadLetterRecord record = factory.build(new RuntimeCamelException(tooLarge), 4L, "p", null, contact, null, null);

        JsonNode value = mapper.readTree(record.value());
        assertThat(record.reason()).isEqualTo(DeadLetterReason.RECORD_REFUSED);
        assertThat(value.get("stage").asText()).isEqualTo("publish");
        assertThat(value.get("exceptionClass").asText()).isEqualTo(RecordTooLargeException.class.getName());
        assertThat(value.get("contact")).isEqualTo(contact);
        assertThat(value.get("contactTruncated").asBoolean()).isFalse();
    }

    @Test
    void should_cut_a_large_entry_to_the_limit_and_say_so() throws Exception {
        JsonNode contact = mapper.readTree("{\"id\":\"c-1\",\"notes\":\"" + "x".repeat(5000) + "\"}");
        DeadLetterException invalid = new DeadLetterException(DeadLetterReason.INVALID_CONTACT, Stage.ENRICH, "no email");

        DeadLetterRecord record = factory.build(invalid, 4L, "p", request, contact, null, null);

        JsonNode value = mapper.readTree(record.value());
        assertThat(value.get("contactTruncated").asBoolean()).isTrue();
        assertThat(value.get("contact").asText()).startsWith("{\"id\":\"c-1\",\"notes\":\"xxx")
                .endsWith("...[truncated, " + contact.toString().length() + " chars in all]");
        assertThat(record.value().length).isLessThan(1000);
    }
}
