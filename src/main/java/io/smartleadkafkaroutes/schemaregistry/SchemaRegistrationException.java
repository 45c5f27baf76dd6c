package io.smartleadkafkaroutes.schemaregistry;

/** The record schemas could not be registered; the message names the setting to correct. */
public class SchemaRegistrationException extends RuntimeException {

    public SchemaRegistrationException(String message) {
        super(message);
    }
}
