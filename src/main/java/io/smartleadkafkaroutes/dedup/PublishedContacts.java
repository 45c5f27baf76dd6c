package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory of what was published: contact id to the fingerprint of its last acknowledged record.
 * A contact is published again only when its fingerprint changed. This one lives in memory only (the
 * local run); {@link KafkaPublishedContacts} keeps it in a compacted topic.
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
    public boolean shouldPublish(ContactRecord contact, Boolean askedFor) {
        return !enabled || Boolean.TRUE.equals(askedFor) || !contact.fingerprint().equals(fingerprints.get(contact.id()));
    }

    /** Called only once the contact's own record was acknowledged, so a failed publish is retried next poll. */
    public void remember(ContactRecord contact) {
        if (enabled) {
            fingerprints.put(contact.id(), contact.fingerprint());
            stored(contact);
        }
    }

    public int size() {
        return fingerprints.size();
    }

    /** Waits until the memory can answer; false only when the application stops first. This one always can. */
    public boolean awaitLoaded() {
        return true;
    }

    /** Keeps a remembered contact beyond this process; nothing to keep in memory. */
    protected void stored(ContactRecord contact) {
    }

    protected void apply(String id, String fingerprint) {
        if (fingerprint == null) {
            fingerprints.remove(id);
        } else {
            fingerprints.put(id, fingerprint);
        }
    }
}
