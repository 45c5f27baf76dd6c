package io.smartleadkafkaroutes.benchmark;

import java.time.Clock;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.api.ReplyReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.it.AppFixture;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One fetch-contacts request with the JDK's HTTP client, as a hand-written client would send it. */
final class PageFetcher {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReplyReader reader = new ReplyReader(mapper, Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;

    PageFetcher(SmartleadSimulator simulator) {
        this.uri = URI.create(simulator.baseUrl() + SmartleadSimulator.PATH + "?api_key=" + AppFixture.API_KEY);
    }

    /** The page, read as the bundle reads a reply. */
    FetchReply page(FetchRequest request) throws Exception {
        return reader.read(200, fetch(request), request);
    }

    byte[] fetch(FetchRequest request) throws Exception {
        HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + reply.statusCode() + " for " + request);
        }
        return reply.body();
    }
}
