package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.model.Attempt;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.model.PageRows;
import io.smartleadkafkaroutes.model.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Turns an HTTP reply of {@code fetch-contacts} into a {@link FetchReply}, or explains in a
 * {@link DeadLetterException} why it cannot give contacts. The reply is read once, as a stream of JSON tokens:
 * all of it must be JSON, but its entries stay bytes ({@link PageRows}) until each is enriched, so that a page
 * read is not several times its size in trees while it waits, and the next request is not kept waiting for them.
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
        byte[] json = body == null ? new byte[0] : body;
        if (httpStatus != 200) {
            throw httpError(httpStatus, json);
        }
        Reply reply = scan(json);
        if (reply.success == null) {
            throw malformed("'success' is missing or not a boolean", json);
        }
        if (!reply.success) {
            throw new DeadLetterException(DeadLetterReason.API_REJECTED, Stage.FETCH,
                    "SmartLead refused the request: " + (reply.message == null ? "no message" : reply.message),
                    httpStatus, text(json));
        }
        if (!reply.dataIsObject) {
            throw malformed("'data' is missing or not an object", json);
        }
        if (reply.rows == null) {
            throw malformed("'data.list' is missing or not an array", json);
        }
        if (reply.totalCount == null) {
            throw malformed("'data.total_count' is missing or not a whole number >= 0", json);
        }
        return new FetchReply(request, reply.rows, reply.totalCount, reply.metrics, clock.instant());
    }

    /** What the reply says, each field as the last of its name; null where a field is missing or of another type. */
    private static final class Reply {
        Boolean success;
        String message;
        boolean dataIsObject;
        PageRows rows;
        Integer totalCount;
        JsonNode metrics;
    }

    private Reply scan(byte[] json) {
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw malformed("the body is not a JSON object", json);
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                throw malformed("the body is not UTF-8", json);
            }
            Reply reply = new Reply();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "success" -> reply.success = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                    case "message" -> reply.message = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "data" -> {
                        reply.dataIsObject = value == JsonToken.START_OBJECT;
                        reply.rows = null;
                        reply.totalCount = null;
                        reply.metrics = null;
                        if (reply.dataIsObject) {
                            scanData(parser, json, reply);
                        }
                    }
                    default -> {
                    }
                }
                parser.skipChildren();
            }
            return reply;
        } catch (JsonProcessingException notJson) {
            throw malformed("the body is not valid JSON (" + notJson.getOriginalMessage() + ")", json);
        } catch (IOException unreadable) {
            throw malformed("the body cannot be read (" + unreadable.getMessage() + ")", json);
        }
    }

    private void scanData(JsonParser parser, byte[] json, Reply reply) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "list" -> reply.rows = value == JsonToken.START_ARRAY ? rows(parser, json) : null;
                case "total_count" -> reply.totalCount = value == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() == JsonParser.NumberType.INT && parser.getIntValue() >= 0
                        ? parser.getIntValue() : null;
                case "metrics" -> reply.metrics = parser.readValueAsTree();
                default -> {
                }
            }
            parser.skipChildren();
        }
    }

    /** The entries of {@code data.list}, the parser at its start: where each lies in the reply, and its id. */
    private PageRows rows(JsonParser parser, byte[] json) throws IOException {
        int[] bounds = new int[64];
        List<String> ids = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            String id = null;
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isId = parser.currentName().equals("id");
                    JsonToken value = parser.nextToken();
                    if (isId) {
                        id = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    }
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
                // a scalar entry's text may not have been read to its end yet
                parser.finishToken();
            }
            if (2 * ids.size() + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, 2 * bounds.length);
            }
            bounds[2 * ids.size()] = start;
            bounds[2 * ids.size() + 1] = (int) parser.currentLocation().getByteOffset();
            ids.add(id);
        }
        return new PageRows(json, Arrays.copyOf(bounds, 2 * ids.size()), ids.toArray(String[]::new), mapper.reader());
    }

    private DeadLetterException httpError(int httpStatus, byte[] json) {
        String text = text(json);
        String message = "HTTP " + httpStatus + " from SmartLead: " + apiMessage(text);
        if (httpStatus == 401 || httpStatus == 403) {
            message += "; check that SMARTLEAD_API_KEY holds a valid SmartLead API key";
        }
        return new DeadLetterException(DeadLetterReason.HTTP_ERROR, Stage.FETCH, message, httpStatus, text);
    }

    private static DeadLetterException malformed(String problem, byte[] json) {
        return new DeadLetterException(DeadLetterReason.MALFORMED_RESPONSE, Stage.PARSE,
                "Unreadable fetch-contacts reply: " + problem, 200, text(json));
    }

    /** The API's message in an error reply, if it is JSON with one. */
    private String apiMessage(String text) {
        try {
            JsonNode message = mapper.readTree(text).path("message");
            return message.isTextual() ? message.asText() : "no message";
        } catch (IOException notJson) {
            return "no message";
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
