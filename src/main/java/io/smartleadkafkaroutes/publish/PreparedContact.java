package io.smartleadkafkaroutes.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A contact of a page, routed: its record and the topic its route chose; once Kafka refused the record for what
 * it is, also the refusal. A class equal only to itself, not a record, as a page's records are compared by
 * identity only.
 */
public final class PreparedContact {

    private static final ObjectMapper READER = new ObjectMapper();

    private final ContactRecord record;
    private final String topic;
    private final RuntimeException refusal;

    public PreparedContact(ContactRecord record, String topic) {
        this(record, topic, null);
    }

    private PreparedContact(ContactRecord record, String topic, RuntimeException refusal) {
        this.record = record;
        this.topic = topic;
        this.refusal = refusal;
    }

    public ContactRecord record() {
        return record;
    }

    public String topic() {
        return topic;
    }

    /** Why Kafka refused the record, for its dead letter; null unless refused. */
    public RuntimeException refusal() {
        return refusal;
    }

    /** For its dead letter: the record's value, as JSON. */
    public JsonNode contact() {
        return json(record);
    }

    /** A record's value, as JSON, for a dead letter about it. */
    public static JsonNode json(ContactRecord record) {
        try {
            return READER.readTree(record.value());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The same contact, refused by Kafka for what it is. */
    PreparedContact refused(RuntimeException why) {
        return new PreparedContact(record, topic, why);
    }
}
