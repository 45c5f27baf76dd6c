package io.smartleadkafkaroutes.schemaregistry;

import java.util.Optional;

/** The registered schemas of contact and dead-letter records; none while the schema registry mode is off. */
public record RecordSchemas(Optional<RegisteredSchema> contact, Optional<RegisteredSchema> deadLetter) {

    public static final RecordSchemas NONE = new RecordSchemas(Optional.empty(), Optional.empty());
}
