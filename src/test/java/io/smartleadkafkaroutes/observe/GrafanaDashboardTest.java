package io.smartleadkafkaroutes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartleadkafkaroutes.support.GrafanaDashboard;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped dashboard as Grafana imports it; ObservabilityIT checks its metrics against a real scrape. */
class GrafanaDashboardTest {

    /** The bundle's only series with a {@code filter} label (with smartlead.metrics.per-filter=true). */
    private static final Set<String> PER_FILTER = Set.of("smartlead_last_success_timestamp_seconds",
            "smartlead_polls_total");
    private static final Pattern FILTER_LABEL = Pattern.compile("\\bfilter\\b");

    private final JsonNode dashboard = GrafanaDashboard.read();

    @Test
    void should_find_the_metric_names_of_a_query_and_nothing_else() {
        assertThat(GrafanaDashboard.metricNames("time() - max by (filter) "
                + "(smartlead_last_success_timestamp_seconds{job=~\"$job\", filter=~\"a|b\"})"))
                .containsExactly("smartlead_last_success_timestamp_seconds");
        assertThat(GrafanaDashboard.metricNames("sum by (instance, client_id) (rate(kafka_producer_record_send_total"
                + "{job=~\"$job\"}[$__rate_interval])) / on(instance) group_left sum without (le) "
                + "(other_total offset 5m) > bool 1e3"))
                .containsExactly("kafka_producer_record_send_total", "other_total");
        assertThat(GrafanaDashboard.metricNames("up{job=\"rate(fake_metric[5m])\"} or absent(x:recorded)"))
                .containsExactly("up", "x:recorded");
    }

    @Test
    void should_be_importable_with_any_prometheus_data_source() {
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("name").asText()).isEqualTo("datasource");
            assertThat(variable.path("type").asText()).isEqualTo("datasource");
            assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        });
        List<JsonNode> panels = GrafanaDashboard.panels(dashboard);
        assertThat(panels).extracting(panel -> panel.path("id").asInt()).doesNotHaveDuplicates();
        assertThat(panels).filteredOn(panel -> !panel.path("type").asText().equals("row")).as("panels that are not rows")
                .isNotEmpty().allSatisfy(panel -> {
                    String title = panel.path("title").asText();
                    assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                    assertThat(panel.path("targets")).as(title).isNotEmpty().allSatisfy(target -> {
                        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                        assertThat(target.path("expr").asText()).isNotBlank();
                    });
                });
    }

    @Test
    void should_show_the_version_polls_contacts_failures_last_success_and_the_kafka_clients() {
        assertThat(GrafanaDashboard.metricNames()).contains("smartlead_build_info", "smartlead_polls_total",
                "smartlead_poll_duration_seconds_bucket",
                "smartlead_contacts_published_total", "smartlead_dead_letters_total", "smartlead_http_retries_total",
                "smartlead_last_success_timestamp_seconds", "smartlead_api_total_contacts",
                "kafka_producer_record_send_total", "kafka_producer_record_error_total",
                "kafka_consumer_fetch_manager_records_lag_max");
    }

    /** Picking filters in a query of a series without a filter label would leave it empty once some are picked. */
    @Test
    void should_pick_and_split_by_filter_only_the_series_that_are_per_filter() {
        List<String> byFilter = GrafanaDashboard.queries(dashboard).stream()
                .filter(query -> FILTER_LABEL.matcher(query).find()).toList();
        assertThat(byFilter).as("queries by filter").isNotEmpty()
                .allSatisfy(query -> assertThat(GrafanaDashboard.metricNames(query)).as(query).isSubsetOf(PER_FILTER));
    }
}
