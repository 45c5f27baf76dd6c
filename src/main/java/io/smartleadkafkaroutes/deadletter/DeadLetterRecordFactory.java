package io.smartleadkafkaroutes.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.api.ApiKeyScrubber;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.retry.Attempt;
import java.time.Clock;
import java.time.Instant;

/**
 * Builds the value of a dead-letter record: why, where, for which filter and request, and what came
 * back (truncated). The API key, in any form, is scrubbed from every text of the record and its headers.
 */
public final class DeadLetterRecordFactory {

    private final ObjectMapper mapper;
    private final Clock clock;
    private final ApiKeyScrubber scrubber;
    private final int maxResponseChars;

    public DeadLetterRecordFactory(ObjectMapper mapper, Clock clock, ApiKeyScrubber scrubber, int maxResponseChars) {
        this.mapper = mapper;
        this.clock = clock;
        this.scrubber = scrubber;
        this.maxResponseChars = maxResponseChars;
    }

    public DeadLetterRecord build(Throwable caught, Long filterId, String pollId, FetchRequest request,
            JsonNode contact, Attempt attempt) {
        Throwable failure = cause(caught);
        DeadLetterReason reason = DeadLetterReason.FETCH_FAILED;
        Stage stage = Stage.FETCH;
        Integer httpStatus = null;
        String responseBody = null;
        if (failure instanceof DeadLetterException known) {
            reason = known.reason();
            stage = known.stage();
            httpStatus = known.httpStatus();
            responseBody = known.responseBody();
        }
        ObjectNode value = mapper.createObjectNode();
        value.put("reason", reason.code());
        value.put("stage", stage.code());
        String message = scrubber.scrub(failure.getMessage());
        value.put("message", message);
        value.put("exceptionClass", failure.getClass().getName());
        value.put("filterId", filterId);
        value.put("pollId", pollId);
        value.set("request", request == null ? null : mapper.valueToTree(request));
        value.put("httpStatus", httpStatus);
        Integer attempts = attempt == null ? null : attempt.made();
        value.put("attempts", attempts);
        // scrubbed before it is cut, so that a key across the cut is still seen whole
        value.put("responseBody", truncate(scrubber.scrub(responseBody)));
        if (contact != null) {
            value.set("contact", contact);
        }
        Instant failedAt = clock.instant();
        value.put("failedAt", failedAt.toString());
        try {
            return new DeadLetterRecord(reason, stage, message, failure.getClass().getName(), httpStatus, attempts,
                    filterId, pollId, failedAt, mapper.writeValueAsBytes(scrubber.scrub(value)));
        } catch (Exception unserializable) {
            throw new IllegalStateException("cannot serialise a dead-letter record", unserializable);
        }
    }

    /** The failure that explains it: a {@link DeadLetterException} if any, else the innermost cause. */
    static Throwable cause(Throwable caught) {
        Throwable innermost = caught;
        for (Throwable cause = caught; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeadLetterException) {
                return cause;
            }
            innermost = cause;
        }
        return innermost;
    }

    private String truncate(String text) {
        if (text == null || text.length() <= maxResponseChars) {
            return text;
        }
        return text.substring(0, maxResponseChars) + "...[truncated, " + text.length() + " chars in all]";
    }
}
