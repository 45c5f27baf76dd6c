package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.Stage;
import io.smartleadkafkaroutes.model.Attempt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Turns an HTTP reply of {@code fetch-contacts} into a {@link FetchReply}, or explains in a
 * {@link DeadLetterException} why it cannot give contacts.
 */
public final class ReplyReader {

    private final ObjectMapper mapper;
    private final Clock clock;

    public ReplyReader(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Checks the reply to the request in flight (the {@code apiRequest} property). */
    public FetchReply check(@Header(Exchange.HTTP_RESPONSE_CODE) int httpStatus, @Body byte[] body,
            @ExchangeProperty(Attempt.PROPERTY) Attempt request) {
        return read(httpStatus, body, request.request()).withAskedFor(request.askedFor());
    }

    public FetchReply read(int httpStatus, byte[] body, FetchRequest request) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (httpStatus != 200) {
            throw httpError(httpStatus, text);
        }
        JsonNode root = parse(text);
        JsonNode success = root.get("success");
        if (success == null || !success.isBoolean()) {
            throw malformed("'success' is missing or not a boolean", text);
        }
        if (!success.booleanValue()) {
            throw new DeadLetterException(DeadLetterReason.API_REJECTED, Stage.FETCH,
                    "SmartLead refused the request: " + apiMessage(root, "no message"), httpStatus, text);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw malformed("'data' is missing or not an object", text);
        }
        JsonNode list = data.get("list");
        if (list == null || !list.isArray()) {
            throw malformed("'data.list' is missing or not an array", text);
        }
        JsonNode totalCount = data.get("total_count");
        if (totalCount == null || !totalCount.canConvertToInt() || !totalCount.isIntegralNumber()
                || totalCount.intValue() < 0) {
            throw malformed("'data.total_count' is missing or not a whole number >= 0", text);
        }
        List<JsonNode> contacts = new ArrayList<>(list.size());
        list.forEach(contacts::add);
        return new FetchReply(request, contacts, totalCount.intValue(), data.get("metrics"), clock.instant());
    }

    private JsonNode parse(String text) {
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || !root.isObject()) {
                throw malformed("the body is not a JSON object", text);
            }
            return root;
        } catch (JsonProcessingException notJson) {
            throw malformed("the body is not valid JSON (" + notJson.getOriginalMessage() + ")", text);
        } catch (IOException unreadable) {
            throw malformed("the body cannot be read (" + unreadable.getMessage() + ")", text);
        }
    }

    private DeadLetterException httpError(int httpStatus, String text) {
        String message = "HTTP " + httpStatus + " from SmartLead: " + apiMessage(tryParse(text), "no message");
        if (httpStatus == 401 || httpStatus == 403) {
            message += "; check that SMARTLEAD_API_KEY holds a valid SmartLead API key";
        }
        return new DeadLetterException(DeadLetterReason.HTTP_ERROR, Stage.FETCH, message, httpStatus, text);
    }

    private static DeadLetterException malformed(String problem, String text) {
        return new DeadLetterException(DeadLetterReason.MALFORMED_RESPONSE, Stage.PARSE,
                "Unreadable fetch-contacts reply: " + problem, 200, text);
    }

    private JsonNode tryParse(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String apiMessage(JsonNode root, String fallback) {
        JsonNode message = root == null ? null : root.get("message");
        return message != null && message.isTextual() ? message.asText() : fallback;
    }
}
