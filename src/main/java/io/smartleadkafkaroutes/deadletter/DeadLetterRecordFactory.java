package io.smartleadkafkaroutes.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.api.ApiKeyScrubber;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.api.IdRequests.Unreadable;
import io.smartleadkafkaroutes.api.PageEntry;
import io.smartleadkafkaroutes.api.RetryableApiException;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.config.SmartleadSettings.DeadLetterLimits;
import io.smartleadkafkaroutes.publish.RecordRefusals;
import io.smartleadkafkaroutes.publish.PreparedContact;
import io.smartleadkafkaroutes.retry.Attempt;
import io.smartleadkafkaroutes.retry.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Builds the value of a dead-letter record: why, where, for which filter and request, and what came
 * back (truncated). The API key, in any form, is scrubbed from every text of the record and its headers.
 */
public final class DeadLetterRecordFactory {

    private final ObjectMapper mapper;
    private final Clock clock;
    private final ApiKeyScrubber scrubber;
    private final DeadLetterLimits limits;

    public DeadLetterRecordFactory(ObjectMapper mapper, Clock clock, ApiKeyScrubber scrubber, DeadLetterLimits limits) {
        this.mapper = mapper;
        this.clock = clock;
        this.scrubber = scrubber;
        this.limits = limits;
    }

    /**
     * The dead letter of the failure just caught, or of a contact Kafka refused (the body, with the refusal):
     * {@code apiRequest} is the request in flight, if any, with its attempts; a body that is a contact, as the
     * API sent it or as its record, is the contact the dead letter is about; a request that cannot be read is
     * kept as its response body.
     */
    public DeadLetterRecord deadLetter(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught,
            @ExchangeProperty("filterId") Long filterId, @ExchangeProperty("pollId") String pollId,
            @ExchangeProperty(RetryPolicy.ATTEMPT) Attempt request, @Body Object body) {
        Throwable failure = caught == null && body instanceof PreparedContact refused ? refused.refusal() : caught;
        JsonNode contact = body instanceof PageEntry entry ? entry.contact()
                : body instanceof PreparedContact routed ? routed.contact()
                : body instanceof ContactRecord record ? PreparedContact.json(record) : null;
        return build(failure, filterId, pollId, request == null ? null : request.request(), contact,
                request == null || request.made() == 0 ? null : request,
                body instanceof Unreadable unreadable ? unreadable.text() : null);
    }

    /** {@code unreadableRequest}: the text of a fetch request that cannot be read, kept as the response body. */
    public DeadLetterRecord build(Throwable caught, Long filterId, String pollId, FetchRequest request, JsonNode contact,
            Attempt attempt, String unreadableRequest) {
        Throwable failure = cause(caught);
        DeadLetterReason reason = DeadLetterReason.FETCH_FAILED;
        Stage stage = Stage.FETCH;
        Integer httpStatus = null;
        String responseBody = unreadableRequest;
        if (failure instanceof DeadLetterException known) {
            reason = known.reason();
            stage = known.stage();
            httpStatus = known.httpStatus();
            responseBody = known.responseBody() != null ? known.responseBody() : unreadableRequest;
        } else if (RecordRefusals.isRefusal(failure)) {
            reason = DeadLetterReason.RECORD_REFUSED;
            stage = Stage.PUBLISH;
        }
        ObjectNode value = mapper.createObjectNode();
        value.put("reason", reason.code());
        value.put("stage", stage.code());
        // a retryable failure that reached its dead letter is the last of its attempts
        String message = scrubber.scrub(failure instanceof RetryableApiException && attempt != null
                ? "Gave up on the page after " + attempt.made() + " attempts; the last one: " + failure.getMessage()
                : failure.getMessage());
        value.put("message", message);
        value.put("exceptionClass", failure.getClass().getName());
        value.put("filterId", filterId);
        value.put("pollId", pollId);
        value.set("request", request == null ? null : mapper.valueToTree(request));
        value.put("httpStatus", httpStatus);
        Integer attempts = attempt == null ? null : attempt.made();
        value.put("attempts", attempts);
        // scrubbed before it is cut, so that a key across the cut is still seen whole
        value.put("responseBody", truncate(scrubber.scrub(responseBody), limits.maxResponseChars()));
        if (contact != null) {
            embedContact(value, contact);
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

    /**
     * The entry as the API sent it; one larger than the limit as the start of its JSON text, marked
     * {@code contactTruncated}, so that the dead letter stays small enough for Kafka to take.
     */
    private void embedContact(ObjectNode value, JsonNode contact) {
        String json = contact.toString();
        boolean truncated = json.length() > limits.maxContactChars();
        if (truncated) {
            value.put("contact", truncate(json, limits.maxContactChars()));
        } else {
            value.set("contact", contact);
        }
        value.put("contactTruncated", truncated);
    }

    private static String truncate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "...[truncated, " + text.length() + " chars in all]";
    }
}
