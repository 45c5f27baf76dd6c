package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartleadkafkaroutes.simulator.Fault;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.GrafanaDashboard;
import io.smartleadkafkaroutes.support.KeyLeakCheck;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.PrometheusRules;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, readiness and metrics on the management port of the whole running application. */
class ObservabilityIT {

    private static final long FILTER = 327105;
    private static final long REJECTED_FILTER = 4242;
    private static final int CONTACTS = 1234;
    private static final int PAGE = 500;
    private static final List<String> HEALTH = List.of("/observe/health", "/observe/health/live",
            "/observe/health/ready", "/observe/health/started");

    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @AfterAll
    static void checkTheKeyNeverShowed() throws Exception {
        KeyLeakCheck.assertNotInTestLog(AppFixture.API_KEY);
    }

    private static Properties settings(TestTopics topics, String filterIds) throws Exception {
        Properties settings = BUNDLE.settings(topics, filterIds, 10000, PAGE);
        settings.put("smartlead.api.retry.initial-delay", "100");
        settings.put("smartlead.api.max-requests-per-second", "1000");
        settings.put("smartlead.api.max-requests-per-minute", "60000");
        return settings;
    }

    /** The sum of every series of the metric, e.g. over all Kafka clients. */
    private static double sum(Map<String, Double> metrics, String name) {
        List<Double> series = metrics.entrySet().stream().filter(sample -> sample.getKey().startsWith(name + "{"))
                .map(Map.Entry::getValue).toList();
        assertThat(series).as(name).isNotEmpty();
        return series.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double epochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** The API's field name as Prometheus spells a name: {@code noEmailFound} is {@code no_email_found}. */
    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** Progress lines say how many, never who: no email address of the selection in a line at INFO or above. */
    private static void assertNoContactDataInInfoLines(List<GeneratedContact> selection) throws Exception {
        List<String> emails = selection.stream().map(contact -> contact.json().path("email").asText(""))
                .filter(email -> email.contains("@")).toList();
        assertThat(emails).isNotEmpty();
        List<String> infoLines = Files.readAllLines(KeyLeakCheck.TEST_LOG).stream()
                .filter(line -> line.matches("^\\S+ (INFO|WARN|ERROR) .*")).toList();
        assertThat(infoLines).anyMatch(line -> line.contains("Filter " + FILTER + ": poll"));
        assertThat(infoLines).noneMatch(line -> emails.stream().anyMatch(line::contains));
    }

    /** The requests the simulator received for the filter, whatever it answered. */
    private static long requestsReceivedFor(SmartleadSimulator simulator, long filterId) {
        Pattern filterField = Pattern.compile("\"filter_id\"\\s*:\\s*" + filterId + "\\b");
        return simulator.requests().stream().filter(request -> filterField.matcher(request.body()).find()).count();
    }

    @Test
    void should_answer_on_every_health_endpoint_and_be_unready_while_the_broker_is_away() throws Exception {
        TestTopics topics = BUNDLE.topics("health");
        Properties settings = settings(topics, Long.toString(FILTER));
        BUNDLE.simulator().withFilter(FILTER, 300);

        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(60));
            ManagementApi management = new ManagementApi(app.managementUrl());
            for (String path : HEALTH) {
                assertThat(management.get(path).status()).as(path).isEqualTo(200);
            }
            assertThat(management.get("/observe/health").body()).contains("\"status\":\"UP\"");

            BUNDLE.broker().stopBroker();
            Eventually.until(() -> management.get("/observe/health/ready").status() == 503, Duration.ofSeconds(30),
                    () -> "readiness still UP with the broker stopped");
            assertThat(management.get("/observe/health/ready").body()).contains("kafka", "No Kafka broker answered");
            assertThat(management.get("/observe/health/live").status()).isEqualTo(200);

            BUNDLE.broker().startBroker();
            Eventually.until(() -> management.get("/observe/health/ready").status() == 200, Duration.ofSeconds(60),
                    () -> "readiness still DOWN with the broker back: " + management.get("/observe/health/ready"));
            assertThat(management.metrics()).containsEntry("smartlead_memory_loaded", 1.0)
                    .containsEntry("smartlead_ready", 1.0);
        }
    }

    @Test
    void should_start_without_kafka_stay_unready_and_poll_once_the_broker_is_there() throws Exception {
        TestTopics topics = BUNDLE.topics("late-broker");
        Properties settings = settings(topics, Long.toString(FILTER));
        settings.put("smartlead.dedup.load-timeout", "2000");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 300);
        BUNDLE.broker().stopBroker();

        try (RunningApp app = BUNDLE.start(settings)) {
            ManagementApi management = new ManagementApi(app.managementUrl());
            assertThat(management.get("/observe/health/started").status()).isEqualTo(200);
            assertThat(management.get("/observe/health/live").status()).isEqualTo(200);
            ManagementApi.Answer unready = management.get("/observe/health/ready");
            assertThat(unready.status()).isEqualTo(503);
            assertThat(unready.body()).contains("has not been read yet", topics.published());
            assertThat(management.metrics()).as("what the alerts on readiness and the memory read")
                    .containsEntry("smartlead_memory_loaded", 0.0).containsEntry("smartlead_ready", 0.0);
            assertThat(simulator.requests()).as("requests before the memory was read").isEmpty();

            BUNDLE.broker().startBroker();
            app.polls().await(1, Duration.ofSeconds(90));
            Eventually.until(() -> management.get("/observe/health/ready").status() == 200, Duration.ofSeconds(60),
                    () -> "readiness still DOWN with the broker back: " + management.get("/observe/health/ready"));
        }
        assertThat(BUNDLE.reader().readAll(topics.all()).values().stream().mapToInt(List::size).sum()).isEqualTo(300);
    }

    @Test
    void should_be_unready_while_the_api_refuses_the_key_and_ready_once_it_accepts_it_again() throws Exception {
        TestTopics topics = BUNDLE.topics("refused-key");
        Properties settings = settings(topics, Long.toString(FILTER));
        settings.put("smartlead.poll.period", "500");
        // long enough to read readiness and the metrics while the key is still refused
        settings.put("smartlead.api.unauthorized-backoff", "6000");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 300).enqueueFaults(Fault.status(401,
                "{\"statusCode\":401,\"success\":false,\"message\":\"Unauthorized\"}"));

        try (RunningApp app = BUNDLE.start(settings)) {
            ManagementApi management = new ManagementApi(app.managementUrl());
            // readiness is also DOWN for a moment at start, while the published-contacts memory is read
            Eventually.until(() -> refusedKey(management.get("/observe/health/ready")), Duration.ofSeconds(30),
                    () -> "readiness does not report the refused key after a 401");
            String unready = management.get("/observe/health/ready").body();
            assertThat(unready).contains("refused the API key", Long.toString(FILTER))
                    .doesNotContain(AppFixture.API_KEY);
            assertThat(management.get("/observe/health/live").status()).isEqualTo(200);
            assertThat(management.metrics()).as("what the alerts on the key and readiness read")
                    .containsEntry("smartlead_key_refused_filters", 1.0).containsEntry("smartlead_ready", 0.0);

            Eventually.until(() -> management.get("/observe/health/ready").status() == 200, Duration.ofSeconds(30),
                    () -> "readiness still DOWN after the key was accepted again");
            assertThat(simulator.requests()).extracting(request -> request.status()).startsWith(401, 200);
            assertThat(management.metrics()).containsEntry("smartlead_key_refused_filters", 0.0)
                    .containsEntry("smartlead_ready", 1.0);
        }
    }

    @Test
    void should_show_every_counter_of_known_labels_at_zero_and_no_success_before_the_first_poll() throws Exception {
        TestTopics topics = BUNDLE.topics("metrics-at-start");
        Properties settings = settings(topics, Long.toString(FILTER));
        settings.put("smartlead.poll.initial-delay", "1h");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 10);

        try (RunningApp app = BUNDLE.start(settings)) {
            Map<String, Double> metrics = new ManagementApi(app.managementUrl()).metrics();

            String filter = "filter=\"" + FILTER + "\"";
            for (String outcome : List.of("completed", "failed", "stopped")) {
                assertThat(metrics).containsEntry("smartlead_polls_total{" + filter + ",outcome=\"" + outcome + "\"}", 0.0);
            }
            for (String category : TestTopics.CATEGORIES) {
                assertThat(metrics).containsEntry("smartlead_contacts_published_total{category=\""
                        + category.replace('_', '-') + "\"}", 0.0);
            }
            for (String reason : List.of("api-rejected", "http-error", "malformed-response", "fetch-failed",
                    "invalid-contact", "invalid-request")) {
                assertThat(metrics).containsEntry("smartlead_dead_letters_total{reason=\"" + reason + "\"}", 0.0);
            }
            assertThat(metrics)
                    .containsEntry("smartlead_pages_fetched_total", 0.0)
                    .containsEntry("smartlead_poll_duration_seconds_count", 0.0)
                    .containsEntry("smartlead_dead_letters_lost_total", 0.0)
                    .containsEntry("smartlead_last_success_timestamp_seconds{" + filter + "}", 0.0)
                    .containsEntry("smartlead_http_requests_total{" + filter + "}", 0.0)
                    .containsEntry("smartlead_http_requests_total{filter=\"other\"}", 0.0);
            for (String cause : List.of("429", "500", "502", "503", "504", "no-reply")) {
                assertThat(metrics).containsEntry("smartlead_http_retries_total{cause=\"" + cause + "\"}", 0.0);
            }
            assertThat(metrics.keySet()).as("nothing the API has not said yet")
                    .noneMatch(sample -> sample.startsWith("smartlead_api_"));
            assertThat(simulator.requests()).as("requests before the scrape").isEmpty();
        }
    }

    @Test
    void should_list_every_bundle_metric_with_the_values_of_the_poll_and_every_metric_the_dashboard_and_alerts_read() throws Exception {
        TestTopics topics = BUNDLE.topics("metrics");
        Properties settings = settings(topics, FILTER + "," + REJECTED_FILTER);
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, CONTACTS).withFilter(REJECTED_FILTER, 100)
                .enqueueFaults(Fault.status(503, ""))
                .withFaultRule(request -> request.path("filter_id").asLong() == REJECTED_FILTER
                        ? Optional.of(Fault.body("{\"success\":false,\"message\":\"Not enough credits left\","
                                + "\"data\":{\"list\":[],\"total_count\":0}}"))
                        : Optional.empty());
        double startedAt = epochSeconds();
        try (RunningApp app = BUNDLE.start(settings)) {
            app.polls().await(1, Duration.ofSeconds(60));
            double polledBy = epochSeconds();
            ManagementApi management = new ManagementApi(app.managementUrl());
            Map<String, Double> metrics = management.metrics();

            List<GeneratedContact> selection = simulator.selection(FILTER, 10000);
            String filter = "filter=\"" + FILTER + "\"";
            String rejected = "filter=\"" + REJECTED_FILTER + "\"";
            assertThat(metrics)
                    .containsEntry("smartlead_polls_total{" + filter + ",outcome=\"completed\"}", 1.0)
                    .containsEntry("smartlead_polls_total{" + filter + ",outcome=\"failed\"}", 0.0)
                    .containsEntry("smartlead_polls_total{" + rejected + ",outcome=\"failed\"}", 1.0)
                    .containsEntry("smartlead_pages_fetched_total", 3.0)
                    .containsEntry("smartlead_poll_duration_seconds_count", 2.0)
                    .containsEntry("smartlead_poll_duration_seconds_bucket{le=\"+Inf\"}", 2.0)
                    .containsEntry("smartlead_poll_period_seconds", 3600.0)
                    .containsEntry("smartlead_build_info{version=\"" + System.getProperty("project.version") + "\"}", 1.0)
                    .containsEntry("smartlead_memory_loaded", 1.0)
                    .containsEntry("smartlead_key_refused_filters", 0.0)
                    .containsEntry("smartlead_ready", 1.0)
                    .containsEntry("smartlead_dead_letters_total{reason=\"api-rejected\"}", 1.0)
                    .containsEntry("smartlead_dead_letters_total{reason=\"http-error\"}", 0.0)
                    .containsEntry("smartlead_http_retries_total{cause=\"503\"}", 1.0)
                    .containsEntry("smartlead_http_retries_total{cause=\"429\"}", 0.0);
            // every request the API received, the retry too, against the filter it asked for: 3 pages and the
            // 503's retry; the rejected filter's one request
            assertThat(requestsReceivedFor(simulator, FILTER)).isEqualTo(4);
            assertThat(metrics)
                    .containsEntry("smartlead_http_requests_total{" + filter + "}", 4.0)
                    .containsEntry("smartlead_http_requests_total{" + rejected + "}", 1.0)
                    .containsEntry("smartlead_http_requests_total{filter=\"other\"}", 0.0);
            // the rejected filter published nothing and had no reply with metrics: the totals are the filter's
            AppFixture.expectedCounts(selection).forEach((category, count) -> assertThat(metrics).containsEntry(
                    "smartlead_contacts_published_total{category=\"" + category.replace('_', '-') + "\"}",
                    count.doubleValue()));
            JsonNode replyMetrics = simulator.metrics(selection);
            assertThat(replyMetrics.size()).as("metrics of the reply").isPositive();
            replyMetrics.fields().forEachRemaining(field -> assertThat(metrics).containsEntry(
                    "smartlead_api_" + snakeCase(field.getKey()), field.getValue().asDouble()));
            assertThat(metrics.get("smartlead_last_success_timestamp_seconds{" + filter + "}"))
                    .isBetween(startedAt, polledBy);
            assertThat(metrics).containsEntry("smartlead_last_success_timestamp_seconds{" + rejected + "}", 0.0);
            // Kafka's own count of the records the producers sent: every contact and the dead letter
            assertThat(sum(metrics, "kafka_producer_record_send_total")).isGreaterThanOrEqualTo(CONTACTS + 1.0);
            assertThat(sum(metrics, "kafka_producer_record_error_total")).isZero();
            // Camel's own route gauges, without its per-route exchange timers (off: each contact is an exchange)
            assertThat(metrics.keySet()).as("Camel's per-route exchange series")
                    .noneMatch(key -> key.startsWith("camel_exchanges") && key.contains("routeId="));
            assertThat(metrics).hasKeySatisfying(new org.assertj.core.api.Condition<>(
                            key -> key.startsWith("camel_routes_running_routes"), "Camel's running routes"))
                    .hasKeySatisfying(new org.assertj.core.api.Condition<>(
                            key -> key.startsWith("jvm_memory_used_bytes{area=\"heap\""), "heap in use"));
            assertNoContactDataInInfoLines(selection);

            // the consumer of fetch requests starts in the background: wait for its metrics, not for a poll
            Set<String> queried = new TreeSet<>(GrafanaDashboard.metricNames());
            queried.addAll(PrometheusRules.metricNames());
            Eventually.until(() -> management.metricNames().containsAll(queried), Duration.ofSeconds(30),
                    () -> {
                        Set<String> shown = management.metricNames();
                        return GrafanaDashboard.FILE + ", " + PrometheusRules.FILE + " or " + PrometheusRules.TESTS
                                + " read metrics /observe/metrics does not show: "
                                + queried.stream().filter(name -> !shown.contains(name)).toList();
                    });
        }
    }

    private static boolean refusedKey(ManagementApi.Answer readiness) {
        return readiness.status() == 503 && readiness.body().contains("refused the API key");
    }
}
