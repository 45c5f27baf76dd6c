package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.enrich.ContactRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The memory of what was published: per contact id, the fingerprint of its last committed record, the topic
 * it went to and the filters that hold it. It decides what a page publishes (a contact never published or
 * changed since; a tombstone on the old topic of one that moved) and which contacts left a filter (missing
 * from its complete polls, {@link RemovalRule}). This one lives in memory only (the local run);
 * {@link KafkaPublishedContacts} keeps it in a compacted topic.
 */
public class PublishedContacts {

    private final boolean enabled;
    private final RemovalRule removalRule;
    private final List<String> categoryTopics;
    private final List<Long> configuredFilters;
    private final Set<Long> configured;
    private final Map<String, RememberedContact> contacts = new ConcurrentHashMap<>();
    /** filter id -> contact id -> complete polls of the filter in a row that missed the contact; this process only. */
    private final Map<Long, Map<String, Integer>> missedPolls = new HashMap<>();

    /**
     * {@code categoryTopics}: every category topic, for a contact whose last topic is not known;
     * {@code configuredFilters}: smartlead.poll.filter-ids.
     */
    public PublishedContacts(boolean enabled, RemovalRule removalRule, Collection<String> categoryTopics,
            List<Long> configuredFilters) {
        this.enabled = enabled;
        this.removalRule = removalRule;
        this.categoryTopics = List.copyOf(new LinkedHashSet<>(categoryTopics));
        this.configuredFilters = List.copyOf(configuredFilters);
        this.configured = Set.copyOf(configuredFilters);
    }

    /**
     * What to publish of a contact a page of its filter holds, for {@code topic}, its category's: its record
     * when consumers would see something new (a contact never published, changed, moved to another topic) or
     * when {@code force}d (asked for by id, a resync); a tombstone on the topic it was on when it moved; and
     * the memory's new entry when that changes (also when only its filters do).
     */
    public ContactUpdate update(ContactRecord contact, String topic, boolean force) {
        if (!enabled) {
            return new ContactUpdate(contact, topic, true, List.of(), null);
        }
        RememberedContact before = contacts.get(contact.id());
        RememberedContact after = before == null
                ? RememberedContact.of(contact.fingerprint(), topic, List.of(contact.filterId()))
                : before.published(contact.fingerprint(), topic, contact.filterId(), configuredFilters);
        boolean changed = before == null || !before.fingerprint().equals(contact.fingerprint())
                || before.topic() != null && !before.topic().equals(topic);
        boolean send = force || changed;
        List<String> tombstones = List.of();
        if (before != null && send) {
            tombstones = before.topic() == null ? others(topic)
                    : before.topic().equals(topic) ? List.of() : List.of(before.topic());
        }
        return new ContactUpdate(contact, topic, send, tombstones, after.equals(before) ? null : after);
    }

    /** Every category topic but this one: where a contact whose last topic is not known may be. */
    private List<String> others(String topic) {
        return categoryTopics.stream().filter(other -> !other.equals(topic)).toList();
    }

    /**
     * After a poll of the filter that read its whole selection ({@code seen}: every contact id it returned):
     * the contacts the filter holds that the poll missed are counted, and those missed long enough
     * ({@link RemovalRule}) leave it. A contact no other configured filter holds gets tombstones.
     */
    public synchronized Departures departures(@Body Set<String> seen, @ExchangeProperty("filterId") long filterId,
            @ExchangeProperty("pollId") String pollId) {
        if (!enabled) {
            return new Departures(filterId, pollId, 0, 0, removalRule.confirmPolls(), List.of());
        }
        int held = 0;
        Set<String> missing = new HashSet<>();
        for (Map.Entry<String, RememberedContact> entry : contacts.entrySet()) {
            if (entry.getValue().heldBy(filterId, configured::contains)) {
                held++;
                if (!seen.contains(entry.getKey())) {
                    missing.add(entry.getKey());
                }
            }
        }
        Map<String, Integer> missed = missedPolls.computeIfAbsent(filterId, unused -> new HashMap<>());
        missed.keySet().retainAll(missing);
        missing.forEach(id -> missed.merge(id, 1, Integer::sum));
        int pollsNeeded = removalRule.pollsNeeded(missing.size(), held);
        List<Departure> departures = new ArrayList<>();
        missed.forEach((id, polls) -> {
            RememberedContact remembered = contacts.get(id);
            if (polls >= pollsNeeded && remembered != null) {
                departures.add(remembered.heldByAnother(filterId, configured::contains, configuredFilters)
                        ? new Departure(id, List.of(), remembered.without(filterId, configuredFilters))
                        : new Departure(id, remembered.topic() == null ? categoryTopics : List.of(remembered.topic()),
                                null));
            }
        });
        return new Departures(filterId, pollId, held, missing.size(), pollsNeeded, departures);
    }

    /** The departures were committed: the memory forgets them, or their filter, and stops counting their misses. */
    public synchronized void departed(Departures committed) {
        Map<String, Integer> missed = missedPolls.getOrDefault(committed.filterId(), Map.of());
        committed.departures().forEach(departure -> {
            missed.remove(departure.id());
            remember(departure.memoryWrite());
        });
    }

    /** Records that keep these changes in mind beyond this process, sent in their transaction; none here. */
    public List<ProducerRecord<String, byte[]>> memoryRecords(List<MemoryWrite> writes) {
        return List.of();
    }

    /** Called only once the transaction of the changes is committed, so a failed publish is retried next poll. */
    public void remember(List<MemoryWrite> writes) {
        writes.forEach(this::remember);
    }

    private void remember(MemoryWrite write) {
        if (!enabled) {
            return;
        }
        if (write.remembered() == null) {
            contacts.remove(write.id());
        } else {
            contacts.put(write.id(), write.remembered());
        }
    }

    public int size() {
        return contacts.size();
    }

    /** The remembered contact, or null. */
    public RememberedContact get(String id) {
        return contacts.get(id);
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

    /** What the memory topic says; an equal entry already held stays, so the topic's copy dies young. */
    protected void apply(String id, RememberedContact remembered) {
        if (remembered == null) {
            contacts.remove(id);
        } else if (!remembered.equals(contacts.get(id))) {
            contacts.put(id, remembered);
        }
    }
}
