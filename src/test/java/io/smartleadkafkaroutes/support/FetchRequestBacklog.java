package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** A backlog of fetch-by-id requests on the request topic, as other services leave it while the bundle is down. */
public final class FetchRequestBacklog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FetchRequestBacklog() {
    }

    /** {@code requests} requests for {@code filterId}, each naming the next {@code idsPerRequest} of {@code named}. */
    public static void write(String bootstrapServers, String topic, long filterId, List<GeneratedContact> named,
            int requests, int idsPerRequest) throws JsonProcessingException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int request = 0; request < requests; request++) {
                List<String> ids = named.subList(request * idsPerRequest, (request + 1) * idsPerRequest).stream()
                        .map(GeneratedContact::id).toList();
                producer.send(new ProducerRecord<>(topic,
                        "{\"filterId\":" + filterId + ",\"ids\":" + JSON.writeValueAsString(ids) + "}"));
            }
            producer.flush();
        }
    }
}
