package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.support.Kafka4Broker;
import io.smartleadkafkaroutes.support.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * The child-process Kafka 4 broker that the integration tests can run against, with this JVM's Kafka client (Camel's
 * 3.9): transactions commit and abort as the bundle's page transactions need, read_committed reads only the
 * committed ones, and a restarted broker still has them at the same address.
 */
class Kafka4BrokerIT {

    @Test
    void should_serve_transactions_of_the_3_9_client_to_read_committed_consumers_across_a_restart() throws Exception {
        Instant starting = Instant.now();
        try (Kafka4Broker broker = Kafka4Broker.start()) {
            System.out.printf("Kafka %s broker ready in %d ms; client %s%n", broker.version(),
                    Duration.between(starting, Instant.now()).toMillis(), AppInfoParser.getVersion());
            assertThat(broker.version()).startsWith("4.");
            String topic = "kafka4-transactions";
            broker.createTopics(List.of(topic));

            try (KafkaProducer<String, byte[]> producer = transactionalProducer(broker.bootstrapServers())) {
                producer.initTransactions();
                sendInTransaction(producer, topic, "committed-", 100);
                producer.commitTransaction();
                sendInTransaction(producer, topic, "aborted-", 50);
                producer.flush();
                producer.abortTransaction();
                sendInTransaction(producer, topic, "committed-again-", 10);
                producer.commitTransaction();
            }

            List<String> committedKeys = new TopicReader(broker.bootstrapServers()).read(topic).stream()
                    .map(ConsumerRecord::key).toList();
            assertThat(committedKeys).hasSize(110).doesNotHaveDuplicates()
                    .allSatisfy(key -> assertThat(key).startsWith("committed-"));
            assertThat(TopicReader.readUncommitted(broker.bootstrapServers()).read(topic))
                    .as("the aborted records are on the log, unread by read_committed").hasSize(160);

            broker.stopBroker();
            broker.startBroker();
            assertThat(new TopicReader(broker.bootstrapServers()).read(topic)).as("after a restart at the same address")
                    .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(committedKeys);
        }
    }

    private static void sendInTransaction(KafkaProducer<String, byte[]> producer, String topic, String keyPrefix,
            int count) {
        producer.beginTransaction();
        IntStream.range(0, count).forEach(i -> producer.send(new ProducerRecord<>(topic, keyPrefix + i, new byte[] {1})));
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka4-broker-it");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
