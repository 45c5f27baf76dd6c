package io.smartleadkafkaroutes.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer of the category topics got of the expected contacts: the records it read, the copies
 * beyond the first of a contact (duplicates) and the contacts it never read (losses).
 */
public record Deliveries(long records, long duplicates, long losses) {

    /** Reads the category topics with the reader (read_committed or not) and counts. */
    public static Deliveries read(TopicReader reader, TestTopics topics, Collection<String> expectedIds)
            throws Exception {
        List<ConsumerRecord<String, byte[]>> records = reader.readAll(topics.categoryTopics().values()).values()
                .stream().flatMap(List::stream).toList();
        Map<String, Long> copies = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        long duplicates = copies.values().stream().mapToLong(count -> count - 1).sum();
        long losses = expectedIds.stream().filter(id -> !copies.containsKey(id)).count();
        if (!expectedIds.containsAll(copies.keySet())) {
            throw new AssertionError("contacts nobody asked for: " + copies.keySet().stream()
                    .filter(id -> !expectedIds.contains(id)).limit(5).toList());
        }
        return new Deliveries(records.size(), duplicates, losses);
    }

    @Override
    public String toString() {
        return records + " records, " + duplicates + " duplicates, " + losses + " losses";
    }
}
