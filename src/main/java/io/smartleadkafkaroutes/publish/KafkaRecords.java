package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record's key, topic, headers and value. Headers follow the CloudEvents Kafka binary mode, so
 * CloudEvents-aware consumers read records natively, plus plain {@code smartlead.*} headers for filtering
 * without parsing; header values are UTF-8 text. In schema registry mode, contact and dead-letter records also carry
 * their registered schema's ids and location ({@link io.smartleadkafkaroutes.schemaregistry.RegisteredSchema}).
 */
public final class KafkaRecords {

    public static final String FILTER_ID = "smartlead.filter-id";
    public static final String POLL_ID = "smartlead.poll-id";
    public static final String EMAIL_STATUS = "smartlead.email-status";
    /** Dead-letter headers, modelled on Kafka Connect's {@code __connect.errors.*}. */
    public static final String ERRORS = "smartlead.errors.";
    public static final String ERROR_REASON = ERRORS + "reason";
    public static final String ERROR_STAGE = ERRORS + "stage";
    /** Tombstone headers: why the contact is no longer on this topic, and where it went. */
    public static final String TOMBSTONE_REASON = "smartlead.tombstone.reason";
    public static final String MOVED_TO_TOPIC = "smartlead.moved-to.topic";
    public static final String MOVED_TO_EMAIL_STATUS = "smartlead.moved-to.email-status";
    public static final String MOVED = "moved";
    public static final String LEFT = "left";
    public static final String CONTACT_TYPE = "io.smartleadkafkaroutes.contact";
    public static final String REMOVED_TYPE = "io.smartleadkafkaroutes.contact.removed";
    public static final String DEAD_LETTER_TYPE = "io.smartleadkafkaroutes.dead-letter";

    private final RecordSchemas schemas;

    /** {@code schemas}: the record schemas registered in a schema registry, or {@link RecordSchemas#NONE}. */
    public KafkaRecords(RecordSchemas schemas) {
        this.schemas = schemas;
    }

    /** The contact's record on {@code topic}, keyed by contact id; a page sends these in its transaction. */
    public ProducerRecord<String, byte[]> contact(ContactRecord contact, String topic) {
        RecordHeaders headers = new RecordHeaders();
        BiConsumer<String, String> header = (name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        header.accept(FILTER_ID, Long.toString(contact.filterId()));
        header.accept(POLL_ID, contact.pollId());
        header.accept(EMAIL_STATUS, contact.emailStatus().code());
        cloudEvent(header, eventId(contact.pollId(), contact.id()), CONTACT_TYPE, contact.filterId(),
                contact.fetchedAt(), contact.id());
        schemas.contact().ifPresent(schema -> schema.stamp(headers::add));
        return new ProducerRecord<>(topic, null, contact.id(), contact.value(), headers);
    }

    /**
     * The tombstone (key: contact id, no value) that removes a contact from {@code topic} because it moved to
     * another topic, in the transaction of its record there.
     */
    public ProducerRecord<String, byte[]> movedAway(ContactRecord contact, String topic, String newTopic) {
        RecordHeaders headers = tombstoneHeaders(MOVED, contact.filterId(), contact.pollId(), contact.id(), topic,
                contact.fetchedAt());
        headers.add(MOVED_TO_TOPIC, newTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(MOVED_TO_EMAIL_STATUS, contact.emailStatus().code().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, contact.id(), null, headers);
    }

    /** The tombstone that removes a contact from {@code topic} because it left every configured filter. */
    public ProducerRecord<String, byte[]> left(String contactId, String topic, long filterId, String pollId, Instant at) {
        return new ProducerRecord<>(topic, null, contactId, null,
                tombstoneHeaders(LEFT, filterId, pollId, contactId, topic, at));
    }

    private static RecordHeaders tombstoneHeaders(String reason, long filterId, String pollId, String contactId,
            String topic, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        BiConsumer<String, String> header = (name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        header.accept(FILTER_ID, Long.toString(filterId));
        header.accept(POLL_ID, pollId);
        header.accept(TOMBSTONE_REASON, reason);
        header.accept("ce_specversion", "1.0");
        header.accept("ce_id", eventId(pollId, contactId + ":" + topic + ":removed"));
        header.accept("ce_type", REMOVED_TYPE);
        header.accept("ce_source", "/smartlead/filters/" + filterId);
        header.accept("ce_time", at.toString());
        header.accept("ce_subject", contactId);
        return headers;
    }

    /**
     * One event per contact and poll, a name-based UUID of both: the same contact read again by another poll is
     * another event, a page of the same poll published again repeats its events' ids.
     */
    static String eventId(String pollId, String subject) {
        return UUID.nameUUIDFromBytes((pollId + ":" + subject).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A dead letter as a message for the dead-letter endpoint, keyed by filter id, so one filter's failures
     * stay in order.
     */
    public void deadLetter(Message message) {
        DeadLetterRecord record = message.getBody(DeadLetterRecord.class);
        String filterId = record.filterId() == null ? null : record.filterId().toString();
        message.setHeader(KafkaConstants.KEY, filterId);
        message.setHeader(FILTER_ID, filterId);
        message.setHeader(POLL_ID, record.pollId());
        message.setHeader(ERROR_REASON, record.reason().code());
        message.setHeader(ERROR_STAGE, record.stage().code());
        message.setHeader(ERRORS + "exception.class.name", record.exceptionClass());
        message.setHeader(ERRORS + "exception.message", record.message());
        message.setHeader(ERRORS + "filter.id", filterId);
        message.setHeader(ERRORS + "poll.id", record.pollId());
        message.setHeader(ERRORS + "http.status", record.httpStatus() == null ? null : record.httpStatus().toString());
        message.setHeader(ERRORS + "attempts", record.attempts() == null ? null : record.attempts().toString());
        cloudEvent(message::setHeader, UUID.randomUUID().toString(), DEAD_LETTER_TYPE, record.filterId(),
                record.failedAt(), null);
        schemas.deadLetter().ifPresent(schema -> schema.stamp(message::setHeader));
        message.setBody(record.value());
    }

    private static void cloudEvent(BiConsumer<String, String> header, String id, String type, Long filterId,
            Instant time, String subject) {
        header.accept("content-type", "application/json");
        header.accept("ce_specversion", "1.0");
        header.accept("ce_id", id);
        header.accept("ce_type", type);
        header.accept("ce_source", filterId == null ? "/smartlead/filters" : "/smartlead/filters/" + filterId);
        header.accept("ce_time", time.toString());
        if (subject != null) {
            header.accept("ce_subject", subject);
        }
    }
}
