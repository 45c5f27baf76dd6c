package io.smartleadkafkaroutes.schemaregistry;

import io.apicurio.registry.serde.kafka.headers.KafkaSerdeHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * A record schema as the schema registry holds it: its ids, which each record carries in the headers Apicurio's
 * Kafka deserializers read, and where it can be fetched, which each record names in CloudEvents' ce_dataschema.
 */
public record RegisteredSchema(long globalId, long contentId, String location) {

    private static final String DATA_SCHEMA = "ce_dataschema";

    /** Adds the schema's headers; the ids are 8-byte big-endian numbers, as Apicurio's serializers write them. */
    public void stamp(BiConsumer<String, byte[]> header) {
        header.accept(KafkaSerdeHeaders.HEADER_VALUE_GLOBAL_ID, eightBytes(globalId));
        header.accept(KafkaSerdeHeaders.HEADER_VALUE_CONTENT_ID, eightBytes(contentId));
        header.accept(DATA_SCHEMA, location.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] eightBytes(long id) {
        return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
    }
}
