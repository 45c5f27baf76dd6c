package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/** Puts a record's key, topic and headers where the Kafka producer reads them, and its value in the body. */
public final class KafkaRecords {

    public static final String FILTER_ID = "smartlead.filter-id";
    public static final String POLL_ID = "smartlead.poll-id";
    public static final String EMAIL_STATUS = "smartlead.email-status";
    public static final String ERROR_REASON = "smartlead.errors.reason";
    public static final String ERROR_STAGE = "smartlead.errors.stage";

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
        message.setBody(record.value());
    }
}
