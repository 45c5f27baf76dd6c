package io.smartleadkafkaroutes.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import io.smartleadkafkaroutes.schemaregistry.RegisteredSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** In schema registry mode a contact record names its registered schema; a tombstone, which has no value, does not. */
class KafkaRecordsSchemaStampTest {

    private static final RegisteredSchema CONTACT_SCHEMA = new RegisteredSchema(41, 7,
            "http://registry:8080/apis/registry/v3/ids/globalIds/41");
    private static final ContactRecord CONTACT = new ContactRecord("c-1", EmailStatus.VERIFIED, 327105, "poll-1",
            Instant.EPOCH, "{}".getBytes(StandardCharsets.UTF_8), 1L);

    @Test
    void should_stamp_a_contact_record_with_its_schema_ids_as_apicurio_writes_them_and_its_location() {
        KafkaRecords records = new KafkaRecords(new RecordSchemas(Optional.of(CONTACT_SCHEMA), Optional.empty()));

        ProducerRecord<String, byte[]> record = records.contact(CONTACT, "contacts");

        assertThat(ByteBuffer.wrap(record.headers().lastHeader("apicurio.value.globalId").value()).getLong()).isEqualTo(41);
        assertThat(ByteBuffer.wrap(record.headers().lastHeader("apicurio.value.contentId").value()).getLong()).isEqualTo(7);
        assertThat(new String(record.headers().lastHeader("ce_dataschema").value(), StandardCharsets.UTF_8))
                .isEqualTo(CONTACT_SCHEMA.location());
        assertThat(record.value()).isEqualTo(CONTACT.value());
    }

    @Test
    void should_name_no_schema_on_a_tombstone_nor_when_the_mode_is_off() {
        KafkaRecords stamping = new KafkaRecords(new RecordSchemas(Optional.of(CONTACT_SCHEMA), Optional.empty()));

        assertThat(stamping.movedAway(CONTACT, "old-topic", "contacts").headers()).extracting(Header::key)
                .doesNotContain("apicurio.value.globalId", "apicurio.value.contentId", "ce_dataschema");
        assertThat(new KafkaRecords(RecordSchemas.NONE).contact(CONTACT, "contacts").headers()).extracting(Header::key)
                .doesNotContain("apicurio.value.globalId", "apicurio.value.contentId", "ce_dataschema");
    }
}
