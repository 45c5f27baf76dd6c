package io.smartleadkafkaroutes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits on one HTTP exchange, with the HTTP client camel-http uses, against the simulator. */
class RequestLimitsTest {

    private static final String KEY = "limits-key";
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    /**
     * How late after the deadline a request may end: room for a loaded machine, yet well before the replies
     * below would have ended by themselves (5 s, 10 s), so a request the deadline did not end still fails.
     */
    private static final Duration DEADLINE_SLACK = Duration.ofSeconds(2);
    private static final int CAP = 64 * 1024;
    /** The bytes kept for the dead letter of a reply too large: 4 x 100 characters and 1024. */
    private static final int KEPT = 4 * 100 + 1024;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private SmartleadSimulator simulator;
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = new SmartleadSimulator(KEY).start().withFilter(1, 30);
        HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries().setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(1, TimeUnit.SECONDS).build());
        new RequestLimits(DEADLINE, CAP, 100, timer).configureHttpClient(builder);
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
        assertThat(elapsed).isBetween(DEADLINE, DEADLINE.plus(DEADLINE_SLACK));
    }

    @Test
    void should_end_a_request_whose_reply_does_not_start_before_the_deadline() throws Exception {
        try (CloseableHttpClient patient = patientClient()) {
            simulator.enqueueFaults(Fault.body("late").delayedBy(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            Throwable failure = catchThrowable(() -> post(patient));

            assertThat(failure).isInstanceOf(RequestDeadlineExceededException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(DEADLINE, DEADLINE.plus(DEADLINE_SLACK));
        }
    }

    @Test
    void should_leave_a_reply_within_the_deadline_and_the_connection_after_it_alone() throws Exception {
        String first = post();
        String second = post();

        assertThat(first).isEqualTo(second).startsWith("{\"success\":true");
        assertThat(simulator.requests()).hasSize(2);
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @CsvSource({"true", "false"})
    void should_cut_off_a_reply_above_the_cap_keeping_its_first_bytes_and_go_on_with_the_next(boolean contentLength)
            throws Exception {
        simulator.enqueueFaults(Fault.body("{\"id\":\"x\"},").repeatedTo(10L * CAP, contentLength));

        Throwable failure = catchThrowable(this::post);

        assertThat(failure).isInstanceOfSatisfying(DeadLetterException.class, tooLarge -> {
            assertThat(tooLarge.reason()).isEqualTo(DeadLetterReason.REPLY_TOO_LARGE);
            assertThat(tooLarge.httpStatus()).isEqualTo(200);
            assertThat(tooLarge.getMessage()).isEqualTo("HTTP 200 reply larger than smartlead.api.max-reply-bytes=65536 ("
                    + (contentLength ? "Content-Length 655360" : "no Content-Length") + "): cut off there, and not asked for again");
            assertThat(tooLarge.responseBody()).hasSize(KEPT).startsWith("{\"id\":\"x\"},{\"id\":\"x\"},");
        });
        assertThat(post()).as("the next request on a fresh connection").startsWith("{\"success\":true");
    }

    @Test
    void should_read_a_reply_of_exactly_the_cap() throws Exception {
        simulator.enqueueFaults(Fault.body("0123456789abcdef").repeatedTo(CAP, false));

        assertThat(post()).hasSize(CAP);
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
        new RequestLimits(DEADLINE, CAP, 100, timer).configureHttpClient(builder);
        return builder.build();
    }
}
