package io.smartleadkafkaroutes.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Topics read as a consumer that treats them as tables: from the beginning, the latest value per key, a tombstone deletes. */
public final class Tables {

    private Tables() {
    }

    /** Topic to the keys its table holds now. */
    public static Map<String, Set<String>> fold(TopicReader reader, Collection<String> topics) {
        try {
            Map<String, Set<String>> folded = new TreeMap<>();
            reader.readAll(topics).forEach((topic, records) -> {
                Set<String> table = new TreeSet<>();
                records.forEach(record -> {
                    if (record.value() == null) {
                        table.remove(record.key());
                    } else {
                        table.add(record.key());
                    }
                });
                folded.put(topic, table);
            });
            return folded;
        } catch (Exception unreadable) {
            throw new IllegalStateException("cannot read " + topics, unreadable);
        }
    }

    /** Every tombstone (a record without a value) on these topics, in topic order. */
    public static List<ConsumerRecord<String, byte[]>> tombstones(TopicReader reader, Collection<String> topics)
            throws Exception {
        return reader.readAll(topics).values().stream().flatMap(List::stream).filter(record -> record.value() == null)
                .toList();
    }

    /** What differs, topic by topic, in counts: for an assertion's message. */
    public static String difference(Map<String, Set<String>> folded, Map<String, Set<String>> truth) {
        StringBuilder text = new StringBuilder();
        truth.forEach((topic, expected) -> {
            Set<String> extra = new TreeSet<>(folded.getOrDefault(topic, Set.of()));
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(folded.getOrDefault(topic, Set.of()));
            text.append(String.format("%n%s: %d extra, %d missing", topic, extra.size(), missing.size()));
        });
        return text.toString();
    }
}
