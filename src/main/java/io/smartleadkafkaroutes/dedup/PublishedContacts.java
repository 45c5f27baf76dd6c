package io.smartleadkafkaroutes.dedup;

import io.smartleadkafkaroutes.model.ContactRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of what was published: per contact id, the fingerprint of its last committed record, the topic
 * it went to and the filters that hold it. It decides what a page publishes (a contact never published or
 * changed since; a tombstone on the old topic of one that moved) and which contacts left a filter (missing
 * from its complete polls, {@link RemovalRule}). The contacts sit in a {@link ContactTable} of 24 bytes a
 * slot, within a share of the heap: a memory that would need more is full (readiness DOWN, no poll), never an
 * out-of-memory crash. This one lives in memory only (the local run); {@link KafkaPublishedContacts} keeps it
 * in a compacted topic.
 */
public class PublishedContacts {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedContacts.class);
    /** Topics a contact can be remembered on, by index in a contact's meta; 0: not known. */
    private static final int MOST_TOPICS = 127;
    private static final int FILTER_SET_BITS = 24;

    private final boolean enabled;
    private final RemovalRule removalRule;
    private final List<String> categoryTopics;
    private final List<Long> configuredFilters;
    private final Set<Long> configured;
    private final ContactTable contacts;
    private final List<String> topics = new ArrayList<>(List.of(""));
    private final Map<String, Integer> topicIndexes = new HashMap<>();
    /** Filter sets by index in a contact's meta; 0 (null): every configured filter, as an earlier release's contacts. */
    private final List<long[]> filterSets = new ArrayList<>(java.util.Collections.singletonList(null));
    private final Map<List<Long>, Integer> filterSetIndexes = new HashMap<>();
    private long[] lastFilters;
    private int lastFilterSet;
    /** filter id -> contact id -> complete polls of the filter in a row that missed the contact; this process only. */
    private final Map<Long, Map<String, Integer>> missedPolls = new HashMap<>();
    private volatile String full;

    /**
     * {@code categoryTopics}: every category topic, for a contact whose last topic is not known;
     * {@code configuredFilters}: smartlead.poll.filter-ids; {@code maxBytes}: the most heap its contacts may take.
     */
    public PublishedContacts(boolean enabled, RemovalRule removalRule, Collection<String> categoryTopics,
            List<Long> configuredFilters, long maxBytes) {
        this.enabled = enabled;
        this.removalRule = removalRule;
        this.categoryTopics = List.copyOf(new LinkedHashSet<>(categoryTopics));
        this.configuredFilters = List.copyOf(configuredFilters);
        this.configured = Set.copyOf(configuredFilters);
        this.contacts = new ContactTable(maxBytes);
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
        RememberedContact before = get(contact.id());
        RememberedContact after = before == null
                ? RememberedContact.of(contact.fingerprint(), topic, List.of(contact.filterId()))
                : before.published(contact.fingerprint(), topic, contact.filterId(), configuredFilters);
        boolean changed = before == null || before.fingerprint() != contact.fingerprint()
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
    public Departures departures(@Body Set<String> seen, @ExchangeProperty("filterId") long filterId,
            @ExchangeProperty("pollId") String pollId) {
        if (!enabled) {
            return new Departures(filterId, pollId, 0, 0, removalRule.confirmPolls(), List.of());
        }
        int[] held = {0};
        Set<String> missing = new HashSet<>();
        synchronized (this) {
            boolean[] setHolds = new boolean[filterSets.size()];
            for (int set = 0; set < setHolds.length; set++) {
                setHolds[set] = set == 0 ? configured.contains(filterId) : Arrays.binarySearch(filterSets.get(set), filterId) >= 0;
            }
            contacts.forEach((id, fingerprint, meta) -> {
                if (setHolds[filterSetOf(meta)]) {
                    held[0]++;
                    String contactId = id.id();
                    if (!seen.contains(contactId)) {
                        missing.add(contactId);
                    }
                }
            });
            Map<String, Integer> missed = missedPolls.computeIfAbsent(filterId, unused -> new HashMap<>());
            missed.keySet().retainAll(missing);
            missing.forEach(id -> missed.merge(id, 1, Integer::sum));
            int pollsNeeded = removalRule.pollsNeeded(missing.size(), held[0]);
            List<Departure> departures = new ArrayList<>();
            missed.forEach((id, polls) -> {
                RememberedContact remembered = get(id);
                if (polls >= pollsNeeded && remembered != null) {
                    departures.add(remembered.heldByAnother(filterId, configured::contains, configuredFilters)
                            ? new Departure(id, List.of(), remembered.without(filterId, configuredFilters))
                            : new Departure(id, remembered.topic() == null ? categoryTopics
                                    : List.of(remembered.topic()), null));
                }
            });
            return new Departures(filterId, pollId, held[0], missing.size(), pollsNeeded, departures);
        }
    }

    /** The departures were committed: the memory forgets them, or their filter, and stops counting their misses. */
    public synchronized void departed(Departures committed) {
        Map<String, Integer> missed = missedPolls.getOrDefault(committed.filterId(), Map.of());
        committed.departures().forEach(departure -> {
            missed.remove(departure.id());
            remember(departure.memoryWrite());
        });
    }

    /** Throws when nothing may be published now, as the memory could not keep it; in memory, always may. */
    public void checkWritable() {
    }

    /** Records that keep these changes in mind beyond this process, sent in their transaction; none here. */
    public List<ProducerRecord<String, byte[]>> memoryRecords(List<MemoryWrite> writes) {
        return List.of();
    }

    /** Called only once the transaction of the changes is committed, so a failed publish is retried next poll. */
    public synchronized void remember(List<MemoryWrite> writes) {
        writes.forEach(this::remember);
    }

    private synchronized void remember(MemoryWrite write) {
        if (enabled) {
            apply(write.id(), write.remembered());
        }
    }

    public synchronized int size() {
        return contacts.size();
    }

    /** The heap its contacts take now. */
    public synchronized long bytes() {
        return contacts.bytes();
    }

    /** The remembered contact, or null. */
    public synchronized RememberedContact get(String id) {
        ContactTable.Entry entry = contacts.get(id);
        if (entry == null) {
            return null;
        }
        int topic = entry.meta() >>> FILTER_SET_BITS;
        return RememberedContact.decoded(entry.fingerprint(), topic == 0 ? null : topics.get(topic),
                filterSets.get(filterSetOf(entry.meta())));
    }

    /** Why the memory is full (it cannot take one contact more), or null while it is not. */
    public String full() {
        return full;
    }

    /** Waits until the memory can answer; false only when the application stops first, or it is full. */
    public boolean awaitLoaded() {
        return full == null;
    }

    /**
     * Waits until the memory holds everything committed so far, in particular what a producer just fenced
     * had committed; nothing to wait for in memory.
     */
    public void catchUp() {
    }

    /** Room for this many contacts at once, before a load that brings them. */
    protected synchronized void presize(long expected) {
        contacts.presize(expected);
    }

    /** After a load: room the contacts do not need is given back. */
    protected synchronized void trim() {
        contacts.trim();
    }

    /** What the memory topic says, or a committed change: null forgets the contact. */
    protected synchronized void apply(String id, RememberedContact remembered) {
        if (remembered == null) {
            contacts.remove(id);
        } else if (!contacts.put(id, remembered.fingerprint(), meta(remembered)) && full == null) {
            full = "the memory of published contacts is full at " + contacts.size() + " contacts: they take "
                    + contacts.bytes() / 1_000_000 + " MB, and more does not fit in smartlead.dedup.max-heap-share of"
                    + " the heap; give the JVM more memory (docs/operations.md, \"Capacity\")";
            LOG.error("No poll runs: {}", full);
        }
    }

    private int meta(RememberedContact contact) {
        int topic = contact.topic() == null ? 0 : topicIndexes.computeIfAbsent(contact.topic(), name -> {
            if (topics.size() > MOST_TOPICS) {
                return 0;
            }
            topics.add(name);
            return topics.size() - 1;
        });
        long[] filters = contact.knownFilters();
        int set = filters == null ? 0 : Arrays.equals(filters, lastFilters) ? lastFilterSet
                : filterSetIndexes.computeIfAbsent(Arrays.stream(filters).boxed().toList(), unused -> {
                    filterSets.add(filters);
                    return filterSets.size() - 1;
                });
        if (filters != null) {
            // most contacts in a row share their filters: no boxed key for them
            lastFilters = filters;
            lastFilterSet = set;
        }
        if (set >= 1 << FILTER_SET_BITS) {
            throw new IllegalStateException("more than " + (1 << FILTER_SET_BITS) + " different sets of filters");
        }
        return topic << FILTER_SET_BITS | set;
    }

    private static int filterSetOf(int meta) {
        return meta & ((1 << FILTER_SET_BITS) - 1);
    }
}
