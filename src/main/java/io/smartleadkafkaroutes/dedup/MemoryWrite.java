package io.smartleadkafkaroutes.dedup;

/** A change of the memory, written in the transaction that causes it: the contact now, or null when it is forgotten. */
public record MemoryWrite(String id, RememberedContact remembered) {
}
