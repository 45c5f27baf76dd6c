package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Puts a record's key, topic and headers where the Kafka producer reads them, and its value in the
 * body. Headers follow the CloudEvents Kafka binary mode, so CloudEvents-aware consumers read records
 * natively, plus plain {@code smartlead.*} headers for filtering without parsing.
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

    public void contact(Message message) {
        ContactRecord contact = message.getBody(ContactRecord.class);
        message.setHeader(KafkaConstants.KEY, contact.id());
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, topics.topicFor(contact.emailStatus()));
        message.setHeader(FILTER_ID, Long.toString(contact.filterId()));
        message.setHeader(POLL_ID, contact.pollId());
        message.setHeader(EMAIL_STATUS, contact.emailStatus().code());
        // one event per contact and poll: a poll published again (at least once) repeats the same id
        cloudEvent(message, contact.pollId() + ":" + contact.id(), CONTACT_TYPE, contact.filterId(),
                contact.fetchedAt(), contact.id());
        message.setBody(contact.value());
    }

    /** Dead letters are keyed by filter id, so one filter's failures stay in order. */
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
        cloudEvent(message, UUID.randomUUID().toString(), DEAD_LETTER_TYPE, record.filterId(), record.failedAt(),
                null);
        message.setBody(record.value());
    }

    private static void cloudEvent(Message message, String id, String type, Long filterId, Instant time,
            String subject) {
        message.setHeader("content-type", "application/json");
        message.setHeader("ce_specversion", "1.0");
        message.setHeader("ce_id", id);
        message.setHeader("ce_type", type);
        message.setHeader("ce_source", filterId == null ? "/smartlead/filters" : "/smartlead/filters/" + filterId);
        message.setHeader("ce_time", time.toString());
        if (subject != null) {
            message.setHeader("ce_subject", subject);
        }
    }
}
