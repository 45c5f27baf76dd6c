package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.model.ContactRecord;
import java.util.List;

/**
 * What publishing one contact a page holds takes: its record on {@code topic} when {@code send}, a tombstone
 * on each of {@code tombstoneTopics} (the topics it was on before, when it moved), and the memory's new entry
 * for it, null when the memory stays as it is.
 */
public record ContactUpdate(ContactRecord contact, String topic, boolean send, List<String> tombstoneTopics,
        RememberedContact remembered) {

    public MemoryWrite memoryWrite() {
        return remembered == null ? null : new MemoryWrite(contact.id(), remembered);
    }
}
