package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.config.Running;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fetch-request consumer in its group however long a request takes to serve. The consumer's
 * route hands each request off to another route and returns at once; the consumer's partitions are then
 * paused, so it goes on polling, as {@code max.poll.interval.ms} asks, without taking another request,
 * until the request was served: then its offset is committed and the partitions resumed. A request is
 * read again when the application stops before serving it (at least once), never because it took long.
 * Every call on the Kafka consumer is made on its own polling thread, in the callbacks Camel's Pausable
 * EIP gives a consumer listener; the routes only tell what was handed off and what was served.
 */
public final class FetchRequestHandOff extends KafkaConsumerListener implements Predicate<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FetchRequestHandOff.class);

    /** Where a request sits on the request topic. */
    public record Position(TopicPartition partition, long offset) {
    }

    private record Served(Position position, boolean complete) {
    }

    private final Set<Position> inHand = ConcurrentHashMap.newKeySet();
    private final Queue<Served> served = new ConcurrentLinkedQueue<>();

    /** The consumer's route hands the request at this position off. */
    public Position handedOff(@Header(KafkaConstants.TOPIC) String topic, @Header(KafkaConstants.PARTITION) int partition,
            @Header(KafkaConstants.OFFSET) long offset) {
        Position position = new Position(new TopicPartition(topic, partition), offset);
        inHand.add(position);
        return position;
    }

    /** The request is done with; cut short by a shutdown, it is read again. */
    public void served(@ExchangeProperty("fetchRequestPosition") Position position, CamelContext context) {
        served.add(new Served(position, Running.running(context)));
    }

    /** The Pausable EIP's until-check: the consumer may take the next request once none is in hand. */
    @Override
    public boolean test(Object ignored) {
        return inHand.isEmpty();
    }

    /** After the consumer's route handed a request off: no further request until it was served. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        pauseOrResume();
        return true;
    }

    /** After every poll: the offsets of the requests served are committed, then the consumer resumes. */
    @Override
    public boolean afterConsume(Object ignored) {
        commitServed();
        pauseOrResume();
        return true;
    }

    private void commitServed() {
        Consumer<?, ?> consumer = getConsumer();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Served done = served.poll(); done != null; done = served.poll()) {
            inHand.remove(done.position());
            TopicPartition partition = done.position().partition();
            if (!done.complete()) {
                continue;
            }
            if (consumer.assignment().contains(partition)) {
                offsets.merge(partition, new OffsetAndMetadata(done.position().offset() + 1),
                        (one, other) -> one.offset() >= other.offset() ? one : other);
            } else {
                LOG.warn("Fetch request at {} offset {} was served after its partition moved to another replica,"
                        + " which reads it again", partition, done.position().offset());
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException failed) {
            LOG.warn("Fetch requests served, but their offsets {} could not be committed ({}): they are read again",
                    offsets, failed.getMessage());
        }
    }

    /** A rebalance clears pauses, so the pause is applied again on every poll while a request is in hand. */
    private void pauseOrResume() {
        Consumer<?, ?> consumer = getConsumer();
        if (test(null)) {
            consumer.resume(consumer.paused());
        } else {
            consumer.pause(consumer.assignment());
        }
    }
}
