package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {

    private static final KafkaRecords RECORDS = new KafkaRecords(RecordSchemas.NONE);

    private static ContactRecord contact(String pollId, String id) {
        return new ContactRecord(id, EmailStatus.VERIFIED, 327105, pollId, Instant.EPOCH, new byte[0], 1L);
    }

    private static String ceId(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    @Test
    void should_give_each_contact_of_a_poll_a_uuid_as_its_cloudevent_id() {
        String pollId = UUID.randomUUID().toString();

        String first = ceId(RECORDS.contact(contact(pollId, "a"), "contacts"));

        assertThat(UUID.fromString(first).toString()).isEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(pollId, "a"), "contacts"))).as("the same page published again").isEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(pollId, "b"), "contacts"))).isNotEqualTo(first);
        assertThat(ceId(RECORDS.contact(contact(UUID.randomUUID().toString(), "a"), "contacts"))).as("another poll")
                .isNotEqualTo(first);
    }
}
