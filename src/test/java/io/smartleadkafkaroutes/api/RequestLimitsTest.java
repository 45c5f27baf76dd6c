package io.smartleadkafkaroutes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits on one HTTP exchange, with the HTTP client camel-http uses, against the simulator. */
class RequestLimitsTest {

    private static final String KEY = "limits-key";
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private SmartleadSimulator simulator;
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = new SmartleadSimulator(KEY).start().withFilter(1, 30);
        HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries().setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(1, TimeUnit.SECONDS).build());
        new RequestLimits(DEADLINE, timer).configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        simulator.close();
        timer.shutdownNow();
    }

    @Test
    void should_end_a_reply_trickling_past_the_deadline_at_the_deadline() {
        // 10 bytes every 200 ms: each gap well under the 1 s response timeout, 10 s in all
        simulator.enqueueFaults(Fault.body("x".repeat(500)).trickled(10, Duration.ofMillis(200)));
        long start = System.nanoTime();

        Throwable failure = catchThrowable(this::post);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(RequestDeadlineExceededException.class)
                .hasMessage("no complete reply within smartlead.api.request-deadline=1500 ms");
        assertThat(elapsed).isBetween(DEADLINE, DEADLINE.plusMillis(500));
    }

    @Test
    void should_end_a_request_whose_reply_does_not_start_before_the_deadline() throws Exception {
        try (CloseableHttpClient patient = patientClient()) {
            simulator.enqueueFaults(Fault.body("late").delayedBy(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            Throwable failure = catchThrowable(() -> post(patient));

            assertThat(failure).isInstanceOf(RequestDeadlineExceededException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(DEADLINE, DEADLINE.plusMillis(500));
        }
    }

    @Test
    void should_leave_a_reply_within_the_deadline_and_the_connection_after_it_alone() throws Exception {
        String first = post();
        String second = post();

        assertThat(first).isEqualTo(second).startsWith("{\"success\":true");
        assertThat(simulator.requests()).hasSize(2);
    }

    private String post() throws Exception {
        return post(client);
    }

    private String post(CloseableHttpClient http) throws Exception {
        HttpPost post = new HttpPost(simulator.baseUrl() + SmartleadSimulator.PATH + "?api_key=" + KEY);
        post.setEntity(new StringEntity("{\"filter_id\":1,\"limit\":30,\"visual_limit\":30}", ContentType.APPLICATION_JSON));
        return http.execute(post, response -> new String(EntityUtils.toByteArray(response.getEntity()), StandardCharsets.UTF_8));
    }

    /** A response timeout longer than the deadline: only the deadline can end the wait. */
    private CloseableHttpClient patientClient() {
        HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries().setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(10, TimeUnit.SECONDS).build());
        new RequestLimits(DEADLINE, timer).configureHttpClient(builder);
        return builder.build();
    }
}
