package io.smartleadkafkaroutes.publish;

import java.time.Duration;
import java.util.Optional;

/**
 * How missing topics are made ({@code smartlead.topics.create}, ...): partitions and replicas empty for the
 * broker's defaults; {@code deleteRetention}: how long a category topic keeps its tombstones.
 */
public record TopicCreation(boolean create, Optional<Integer> partitions, Optional<Short> replicationFactor,
        Duration deleteRetention) {
}
