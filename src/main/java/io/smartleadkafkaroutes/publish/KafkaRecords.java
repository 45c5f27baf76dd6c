package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
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
 * without parsing; header values are UTF-8 text.
 */
public final class KafkaRecords {

    public static final String FILTER_ID = "smartlead.filter-id";
    public static final String POLL_ID = "smartlead.poll-id";
    public static final String EMAIL_STATUS = "smartlead.email-status";
    /** Dead-letter headers, modelled on Kafka Connect's {@code __connect.errors.*}. */
    public static final String ERRORS = "smartlead.errors.";
    public static final String ERROR_REASON = ERRORS + "reason";
    public static final String ERROR_STAGE = ERRORS + "stage";
    public static final String CONTACT_TYPE = "io.smartleadkafkaroutes.contact";
    public static final String DEAD_LETTER_TYPE = "io.smartleadkafkaroutes.dead-letter";

    private final TopicSelector topics;

    public KafkaRecords(TopicSelector topics) {
        this.topics = topics;
    }

    /** The contact's record on its category's topic, keyed by contact id; a page sends these in its transaction. */
    public ProducerRecord<String, byte[]> contact(ContactRecord contact) {
        RecordHeaders headers = new RecordHeaders();
        BiConsumer<String, String> header = (name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        header.accept(FILTER_ID, Long.toString(contact.filterId()));
        header.accept(POLL_ID, contact.pollId());
        header.accept(EMAIL_STATUS, contact.emailStatus().code());
        cloudEvent(header, eventId(contact), CONTACT_TYPE, contact.filterId(), contact.fetchedAt(), contact.id());
        return new ProducerRecord<>(topics.topicFor(contact.emailStatus()), null, contact.id(), contact.value(), headers);
    }

    /**
     * One event per contact and poll, a name-based UUID of both: the same contact read again by another poll is
     * another event, a page of the same poll published again repeats its events' ids.
     */
    static String eventId(ContactRecord contact) {
        return UUID.nameUUIDFromBytes((contact.pollId() + ":" + contact.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
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
