package io.smartleadkafkaroutes.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {

    private static final KafkaRecords RECORDS = new KafkaRecords(new TopicSelector(everyCategoryTo("contacts")));

    private static Map<EmailStatus, String> everyCategoryTo(String topic) {
        Map<EmailStatus, String> topics = new EnumMap<>(EmailStatus.class);
        for (EmailStatus status : EmailStatus.values()) {
            topics.put(status, topic);
        }
        return topics;
    }

    private static ContactRecord contact(String pollId, String id) {
        return new ContactRecord(id, EmailStatus.VERIFIED, 327105, pollId, Instant.EPOCH, new byte[0], 1L);
    }

    private static String ceId(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    @Test
    void should_give_each_contact_of_a_poll_a_uuid_as_its_cloudevent_id() {
        String pollId = UUID.randomUUID().toString();

        String first = ceId(RECORDS.contact(contact(pollId, "a")));

        assertThat(UUID.fromString(first).toString()).isEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(pollId, "a")))).as("the same page published again").isEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(pollId, "b")))).isNotEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(UUID.randomUUID().toString(), "a")))).as("another poll")
                .isNotEqualTo(first);
    }
}
