package io.smartleadkafkaroutes.dedup;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * What the memory holds of one published contact: the fingerprint of its last committed record, the topic
 * that record went to, and the filters whose polls hold the contact. A contact remembered by an earlier
 * release (a fingerprint alone) has no known topic and counts as held by every configured filter, until
 * the polls tell more.
 */
public final class RememberedContact {

    private final long fingerprint;
    /** null: not known (remembered by an earlier release). */
    private final String topic;
    /** Sorted, distinct; null: every configured filter (remembered by an earlier release). */
    private final long[] filters;

    private RememberedContact(long fingerprint, String topic, long[] filters) {
        this.fingerprint = fingerprint;
        this.topic = topic;
        this.filters = filters;
    }

    /** A contact published to {@code topic} by polls of {@code filters}. */
    public static RememberedContact of(long fingerprint, String topic, Collection<Long> filters) {
        return new RememberedContact(fingerprint, Objects.requireNonNull(topic),
                filters.stream().mapToLong(Long::longValue).sorted().distinct().toArray());
    }

    /** A contact as an earlier release remembered it: its fingerprint only. */
    public static RememberedContact legacy(long fingerprint) {
        return new RememberedContact(fingerprint, null, null);
    }

    static RememberedContact decoded(long fingerprint, String topic, long[] filters) {
        return new RememberedContact(fingerprint, topic, filters);
    }

    public long fingerprint() {
        return fingerprint;
    }

    /** The topic of its last record; null when an earlier release published it, which did not remember topics. */
    public String topic() {
        return topic;
    }

    /** Whether the filters it belongs to are not known (remembered by an earlier release). */
    public boolean legacy() {
        return filters == null;
    }

    /** Whether a configured filter other than {@code except} holds it. */
    public boolean heldByAnother(long except, LongPredicate configured, Collection<Long> allConfigured) {
        if (filters == null) {
            return allConfigured.stream().anyMatch(filterId -> filterId != except);
        }
        return Arrays.stream(filters).anyMatch(filterId -> filterId != except && configured.test(filterId));
    }

    /** The same contact published anew: this fingerprint and topic, and {@code filterId} among its filters. */
    public RememberedContact published(long newFingerprint, String newTopic, long filterId, Collection<Long> allConfigured) {
        return new RememberedContact(newFingerprint, newTopic, with(known(allConfigured), filterId));
    }

    /** The same contact, no longer held by {@code filterId}. */
    public RememberedContact without(long filterId, Collection<Long> allConfigured) {
        return new RememberedContact(fingerprint, topic,
                Arrays.stream(known(allConfigured)).filter(id -> id != filterId).toArray());
    }

    /** The filters, sorted; null when not known (every configured filter). */
    long[] knownFilters() {
        return filters;
    }

    private long[] known(Collection<Long> allConfigured) {
        return filters != null ? filters : allConfigured.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }

    private static long[] with(long[] sorted, long filterId) {
        if (Arrays.binarySearch(sorted, filterId) >= 0) {
            return sorted;
        }
        long[] more = Arrays.copyOf(sorted, sorted.length + 1);
        more[sorted.length] = filterId;
        Arrays.sort(more);
        return more;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RememberedContact that && fingerprint == that.fingerprint
                && Objects.equals(topic, that.topic) && Arrays.equals(filters, that.filters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fingerprint, topic) * 31 + Arrays.hashCode(filters);
    }

    @Override
    public String toString() {
        return MemoryValue.encode(this);
    }
}
