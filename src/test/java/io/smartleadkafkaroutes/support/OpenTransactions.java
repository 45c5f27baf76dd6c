package io.smartleadkafkaroutes.support;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker knows of transactions not ended yet, asked through one Admin client so that each question
 * takes milliseconds: a test that must act while a transaction is open cannot wait for a client per question.
 */
public final class OpenTransactions implements AutoCloseable {

    private final Admin admin;

    public OpenTransactions(TestBroker broker) {
        this.admin = broker.admin();
    }

    /**
     * Whether some partition of the topics holds records of a transaction neither committed nor aborted yet:
     * its last stable offset (where read_committed consumers stop) is below its end.
     */
    public boolean holdRecordsOn(Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(partition -> partitions.put(new TopicPartition(topic.name(), partition.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(partitions,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(partitions,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            return partitions.keySet().stream().anyMatch(partition -> stable.get(partition).offset()
                    < end.get(partition).offset());
        } catch (Exception unanswered) {
            throw new IllegalStateException("cannot read the offsets of " + topics, unanswered);
        }
    }

    /**
     * Whether the producer with this transactional id is inside a transaction it may still abort: ongoing, not
     * yet ended by a commit the coordinator took (whose markers may still be on their way to the partitions).
     */
    public boolean ongoing(String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state()
                    == TransactionState.ONGOING;
        } catch (Exception unanswered) {
            throw new IllegalStateException("cannot describe the transaction of " + transactionalId, unanswered);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
