package io.smartleadkafkaroutes.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;

/**
 * Turns one entry of {@code data.list} into a contact record: every field the API sent, kept as sent,
 * plus {@code emailStatus} and a {@code source} object saying where and when it was read.
 */
public final class ContactRecordFactory {

    private final ObjectMapper mapper;
    private final EmailStatusClassifier classifier;

    public ContactRecordFactory(ObjectMapper mapper, EmailStatusClassifier classifier) {
        this.mapper = mapper;
        this.classifier = classifier;
    }

    public ContactRecord build(JsonNode entry, FetchReply page, String pollId, int position) {
        if (entry == null || !entry.isObject()) {
            throw invalid("the entry is not a JSON object");
        }
        JsonNode id = entry.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw invalid("'id' is missing or not a non-empty string");
        }
        EmailStatus status = classifier.classify(entry);
        ObjectNode contact = (ObjectNode) entry;
        contact.put("emailStatus", status.code());
        ObjectNode source = contact.putObject("source");
        source.put("filterId", page.request().filterId());
        source.put("pollId", pollId);
        source.put("fetchedAt", page.fetchedAt().toString());
        source.put("pageOffset", page.request().visualOffset());
        source.put("position", position);
        source.put("totalCount", page.totalCount());
        try {
            return new ContactRecord(id.asText(), status, page.request().filterId(), pollId,
                    mapper.writeValueAsBytes(contact));
        } catch (JsonProcessingException unserializable) {
            throw invalid("it cannot be written as JSON (" + unserializable.getOriginalMessage() + ")");
        }
    }

    private static DeadLetterException invalid(String problem) {
        return new DeadLetterException(DeadLetterReason.INVALID_CONTACT, Stage.ENRICH,
                "Contact cannot be published: " + problem);
    }
}
