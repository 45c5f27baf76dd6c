package io.smartleadkafkaroutes.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator keeps the contract of smartlead-api.md, so tests against it mean something. */
class SmartleadSimulatorTest {

    private static final String KEY = "sim-key";
    private static final String ODD_KEY = "k&y%2B+=/?#tail-XYZ";
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SmartleadSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = new SmartleadSimulator(KEY).start().withFilter(327105, 25);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                | oops                                                     | Request body must be valid JSON",
        "no filter_id            | {\"limit\":10}                                           | filter_id is required",
        "filter_id zero          | {\"filter_id\":0,\"limit\":10}                           | filter_id must be a whole number from 1",
        "filter_id as text       | {\"filter_id\":\"327105\",\"limit\":10}                  | filter_id must be a whole number",
        "neither limit nor id    | {\"filter_id\":1}                                        | limit is required when id is absent",
        "limit zero              | {\"filter_id\":1,\"limit\":0}                            | limit must be a whole number from 1 to 30000",
        "limit above 30000       | {\"filter_id\":1,\"limit\":30001}                        | limit must be a whole number from 1 to 30000",
        "id not strings          | {\"filter_id\":1,\"id\":[1,2]}                           | id must be an array of strings",
        "visual_limit too big    | {\"filter_id\":1,\"limit\":10,\"visual_limit\":1001}     | visual_limit must be a whole number from 1 to 1000",
        "visual_offset negative  | {\"filter_id\":1,\"limit\":10,\"visual_offset\":-1}      | visual_offset must be a whole number from 0"})
    void should_answer_400_with_a_message_for_each_broken_rule(String rule, String body, String message) throws Exception {
        HttpResponse<String> reply = post(body, KEY);

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(reply.body()).get("message").asText()).startsWith(message);
    }

    @Test
    void should_answer_401_without_the_right_key_and_never_record_the_key() throws Exception {
        assertThat(post("{\"filter_id\":1,\"limit\":10}", "wrong").statusCode()).isEqualTo(401);
        assertThat(post("{\"filter_id\":1,\"limit\":10}", null).statusCode()).isEqualTo(401);
        assertThat(simulator.requests()).extracting(RecordedRequest::keyValid).containsExactly(false, false);
        assertThat(simulator.requests().toString()).doesNotContain(KEY);
    }

    @Test
    void should_page_through_a_stable_selection_with_metrics() throws Exception {
        JsonNode first = mapper.readTree(post("{\"filter_id\":327105,\"limit\":20,\"visual_limit\":8,\"visual_offset\":0}", KEY).body());
        JsonNode last = mapper.readTree(post("{\"filter_id\":327105,\"limit\":20,\"visual_limit\":8,\"visual_offset\":16}", KEY).body());
        JsonNode again = mapper.readTree(post("{\"filter_id\":327105,\"limit\":20,\"visual_limit\":8,\"visual_offset\":0}", KEY).body());

        assertThat(first.get("success").asBoolean()).isTrue();
        assertThat(first.get("data").get("total_count").asInt()).isEqualTo(20);
        assertThat(first.get("data").get("list")).hasSize(8);
        assertThat(last.get("data").get("list")).hasSize(4);
        assertThat(again.get("data").get("list")).isEqualTo(first.get("data").get("list"));
        assertThat(first.get("data").get("metrics").get("totalContacts").asInt()).isEqualTo(20);
    }

    @Test
    void should_refuse_with_success_false_above_the_account_maximum_and_when_credits_run_out() throws Exception {
        simulator.withAccountMaxLimit(10).withCredits(5);

        JsonNode overLimit = mapper.readTree(post("{\"filter_id\":327105,\"limit\":11}", KEY).body());
        JsonNode noCredits = mapper.readTree(post("{\"filter_id\":327105,\"limit\":10}", KEY).body());

        assertThat(overLimit.get("success").asBoolean()).isFalse();
        assertThat(overLimit.get("message").asText()).contains("Limit exceeds the maximum of 10");
        assertThat(noCredits.get("success").asBoolean()).isFalse();
        assertThat(noCredits.get("message").asText()).startsWith("Not enough credits left");
    }

    @Test
    void should_fetch_exactly_the_contacts_named_by_id() throws Exception {
        List<GeneratedContact> all = simulator.population(327105).contacts();
        String body = "{\"filter_id\":327105,\"id\":[\"" + all.get(3).id() + "\",\"" + all.get(9).id() + "\"]}";

        JsonNode reply = mapper.readTree(post(body, KEY).body());

        assertThat(reply.get("data").get("list")).extracting(c -> c.get("id").asText())
                .containsExactly(all.get(3).id(), all.get(9).id());
    }

    @Test
    void should_give_queued_faults_to_the_next_requests_in_order() throws Exception {
        simulator.enqueueFaults(Fault.status(503, "{}"), Fault.body("<html>"));

        assertThat(post("{\"filter_id\":1,\"limit\":1}", KEY).statusCode()).isEqualTo(503);
        assertThat(post("{\"filter_id\":1,\"limit\":1}", KEY).body()).isEqualTo("<html>");
        assertThat(post("{\"filter_id\":1,\"limit\":1}", KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void should_accept_a_key_holding_query_characters_when_it_comes_url_encoded_and_echo_it_on_request() throws Exception {
        try (SmartleadSimulator odd = new SmartleadSimulator(ODD_KEY).start()) {
            odd.enqueueFaults(Fault.echoingKey(401, "text/plain", key -> "you sent " + key));

            HttpResponse<String> echoed = post(odd, "{\"filter_id\":1,\"limit\":1}", KeyForms.urlEncoded(ODD_KEY));
            HttpResponse<String> accepted = post(odd, "{\"filter_id\":1,\"limit\":1}", KeyForms.urlEncoded(ODD_KEY));
            HttpResponse<String> raw = post(odd, "{\"filter_id\":1,\"limit\":1}", "k&y%2B+=/");

            assertThat(echoed.body()).isEqualTo("you sent " + ODD_KEY);
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(raw.statusCode()).as("the key sent unencoded is another key").isEqualTo(401);
            assertThat(odd.requests()).extracting(RecordedRequest::keyValid).containsExactly(true, true, false);
        }
    }

    @Test
    void should_trickle_a_body_a_few_bytes_at_a_time() throws Exception {
        String body = "0123456789".repeat(4);
        simulator.enqueueFaults(Fault.body(body).trickled(10, Duration.ofMillis(100)));
        long start = System.nanoTime();

        HttpResponse<String> reply = post("{\"filter_id\":1,\"limit\":1}", KEY);

        assertThat(reply.body()).isEqualTo(body);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @CsvSource({"true", "false"})
    void should_repeat_a_body_to_the_size_asked_for(boolean contentLength) throws Exception {
        simulator.enqueueFaults(Fault.body("{\"id\":\"x\"},").repeatedTo(1_000_003, contentLength));

        HttpResponse<String> reply = post("{\"filter_id\":1,\"limit\":1}", KEY);

        assertThat(reply.body()).hasSize(1_000_003).startsWith("{\"id\":\"x\"},{\"id\":\"x\"},");
        assertThat(reply.headers().firstValue("Content-Length")).isEqualTo(
                contentLength ? Optional.of("1000003") : Optional.empty());
    }

    /** A path with a doubled slash is not the endpoint's, and is recorded as it was sent. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"//api/v1/search-email-leads/fetch-contacts", "///api/v1/search-email-leads/fetch-contacts",
            "/api/v1//search-email-leads/fetch-contacts"})
    void should_answer_404_to_a_path_with_a_doubled_slash_and_record_it_as_sent(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path + "?api_key=" + KEY))
                .POST(HttpRequest.BodyPublishers.ofString("{\"filter_id\":327105,\"limit\":1}"))
                .build();

        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(simulator.requests()).singleElement().satisfies(recorded -> {
            assertThat(recorded.path()).isEqualTo(path);
            assertThat(recorded.status()).isEqualTo(404);
        });
    }

    private HttpResponse<String> post(String body, String key) throws Exception {
        return post(simulator, body, key);
    }

    private HttpResponse<String> post(SmartleadSimulator target, String body, String key) throws Exception {
        String query = key == null ? "" : "?api_key=" + key;
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.baseUrl() + SmartleadSimulator.PATH + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
