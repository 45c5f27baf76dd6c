package io.smartleadkafkaroutes.api;

import io.smartleadkafkaroutes.model.Running;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.apache.camel.Body;
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
 * Keeps the fetch-request consumer in its group however long requests take to serve. The consumer's
 * route hands the requests of each poll off to another route, together, and returns at once; the
 * consumer's partitions are then paused, so it goes on polling, as {@code max.poll.interval.ms} asks,
 * without taking another request, until they were served: then their offsets are committed and the
 * partitions resumed. A request is read again when the application stops before serving it (at least
 * once), never because it took long.
 * Every call on the Kafka consumer is made on its own polling thread, in the callbacks Camel's Pausable
 * EIP gives a consumer listener; the routes only tell what was handed off and what was served.
 */
public final class FetchRequestHandOff extends KafkaConsumerListener implements Predicate<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FetchRequestHandOff.class);

    /** Where a request sits on the request topic. */
    public record Position(TopicPartition partition, long offset) {
    }

    /** A request as read from the request topic ({@code request}: the record's value), and where it sits. */
    public record Received(Position position, String request) {
    }

    private record Served(Position position, boolean complete) {
    }

    private final Set<Position> inHand = ConcurrentHashMap.newKeySet();
    private final Queue<Served> served = new ConcurrentLinkedQueue<>();

    /** The request just read and where it sits. */
    public Received received(@Body String request, @Header(KafkaConstants.TOPIC) String topic,
            @Header(KafkaConstants.PARTITION) int partition, @Header(KafkaConstants.OFFSET) long offset) {
        return new Received(new Position(new TopicPartition(topic, partition), offset), request);
    }

    /** The consumer's route hands these requests off; their positions, to be committed once they were served. */
    public List<Position> handedOff(@Body List<Received> batch) {
        List<Position> positions = batch.stream().map(Received::position).toList();
        inHand.addAll(positions);
        return positions;
    }

    /** The requests are done with; cut short by a shutdown, they are read again. */
    public void served(@ExchangeProperty("fetchRequestPositions") List<Position> positions, CamelContext context) {
        boolean complete = Running.running(context);
        positions.forEach(position -> served.add(new Served(position, complete)));
    }

    /** The Pausable EIP's until-check: the consumer may take the next request once none is in hand. */
    @Override
    public boolean test(Object ignored) {
        return inHand.isEmpty();
    }

    /** After each request the consumer's route took: once they were handed off, none more until they were served. */
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

    /** A rebalance clears pauses, so the pause is applied again on every poll while requests are in hand. */
    private void pauseOrResume() {
        Consumer<?, ?> consumer = getConsumer();
        if (test(null)) {
            consumer.resume(consumer.paused());
        } else {
            consumer.pause(consumer.assignment());
        }
    }
}
