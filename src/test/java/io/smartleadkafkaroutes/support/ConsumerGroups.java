package io.smartleadkafkaroutes.support;

import org.apache.kafka.clients.admin.Admin;

/** What a consumer group has done, as an operator sees it with kafka-consumer-groups.sh. */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /** The group's committed offsets on the topic, summed over its partitions: the records it is done with; -1 unread. */
    public static long committed(Admin admin, String group, String topic) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        } catch (Exception notYet) {
            return -1;
        }
    }
}
