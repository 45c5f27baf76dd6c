package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The memory of what was published: contact id to the fingerprint of its last committed record. A
 * contact is published again only when its fingerprint changed. This one lives in memory only (the local
 * run); {@link KafkaPublishedContacts} keeps it in a compacted topic.
 */
public class PublishedContacts {

    private final boolean enabled;
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    public PublishedContacts(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether to publish: always for a contact someone asked for by id, else only when consumers would
     * see something new (a contact never published, or changed since).
     */
    public boolean shouldPublish(ContactRecord contact, boolean askedFor) {
        return !enabled || askedFor || !contact.fingerprint().equals(fingerprints.get(contact.id()));
    }

    /** Records that keep these contacts in mind beyond this process, sent in their page's transaction; none here. */
    public List<ProducerRecord<String, byte[]>> fingerprintRecords(List<ContactRecord> contacts) {
        return List.of();
    }

    /** Called only once the transaction of the contacts' page is committed, so a failed publish is retried next poll. */
    public void remember(List<ContactRecord> contacts) {
        if (enabled) {
            contacts.forEach(contact -> fingerprints.put(contact.id(), contact.fingerprint()));
        }
    }

    public int size() {
        return fingerprints.size();
    }

    /** Waits until the memory can answer; false only when the application stops first. This one always can. */
    public boolean awaitLoaded() {
        return true;
    }

    /**
     * Waits until the memory holds everything committed so far, in particular what a producer just fenced
     * had committed; nothing to wait for in memory.
     */
    public void catchUp() {
    }

    /** What the memory topic says; an equal fingerprint already held stays, so the topic's copy dies young. */
    protected void apply(String id, String fingerprint) {
        if (fingerprint == null) {
            fingerprints.remove(id);
        } else if (!fingerprint.equals(fingerprints.get(id))) {
            fingerprints.put(id, fingerprint);
        }
    }
}
