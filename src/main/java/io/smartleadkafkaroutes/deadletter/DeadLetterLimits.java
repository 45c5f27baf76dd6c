package io.smartleadkafkaroutes.deadletter;

/** Characters of a reply body and of a contact entry a dead letter keeps, so that Kafka takes it. */
public record DeadLetterLimits(int maxResponseChars, int maxContactChars) {
}
