package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of filters keep {@code /observe/metrics} a page Prometheus scrapes easily: each filter has its last
 * success, its polls by outcome and its requests to the API, every other bundle metric is a total, and with
 * {@code smartlead.metrics.per-filter=false} no series is a filter's. The page is scraped once the first filters
 * were polled (the first one's contacts published, so the Kafka producers show their metrics too), while the
 * poll goes on through the others: the page of a running application, not of one just started.
 */
class BoundedMetricsIT {

    private static final int FILTERS = 2000;
    private static final long FIRST_FILTER = 327105;
    private static final int CONTACTS = 120;
    private static final int POLLED = 3;
    /** 5 series a filter (about 10,400 with 2,000 filters), and room for the bundle's and Camel's totals. */
    private static final int MOST_SERIES = 11_000;
    /** A label list with the filter label in it. */
    private static final Pattern FILTER_LABEL = Pattern.compile("[{,]filter=\"");

    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_show_fewer_than_11000_series_with_2000_filters_of_which_only_last_success_polls_and_requests_per_filter()
            throws Exception {
        String page = pageOnceTheFirstFiltersWerePolled("per-filter-metrics", true);
        Map<String, Double> metrics = ManagementApi.samples(page);

        assertThat(metrics).as("series with %d filters", FILTERS).hasSizeLessThan(MOST_SERIES);
        assertThat(page.getBytes(StandardCharsets.UTF_8).length).as("bytes of the page with %d filters", FILTERS)
                .isLessThan(1_000_000);
        Map<String, Long> perFilter = metrics.keySet().stream().filter(sample -> FILTER_LABEL.matcher(sample).find())
                .collect(Collectors.groupingBy(sample -> sample.replaceFirst("\\{.*", ""), TreeMap::new,
                        Collectors.counting()));
        // the requests: each filter's and those for filters not configured (a fetch request may name any)
        assertThat(perFilter).containsExactly(entry("smartlead_http_requests_total", FILTERS + 1L),
                entry("smartlead_last_success_timestamp_seconds", (long) FILTERS),
                entry("smartlead_polls_total", 3L * FILTERS));
        String first = "filter=\"" + FIRST_FILTER + "\"";
        assertThat(metrics).containsEntry("smartlead_polls_total{" + first + ",outcome=\"completed\"}", 1.0);
        assertThat(metrics.get("smartlead_last_success_timestamp_seconds{" + first + "}")).isPositive();
        assertThat(published(metrics)).isEqualTo(CONTACTS);
    }

    @Test
    void should_show_no_series_of_a_filter_with_per_filter_series_off() throws Exception {
        String page = pageOnceTheFirstFiltersWerePolled("totals-only", false);
        Map<String, Double> metrics = ManagementApi.samples(page);

        assertThat(metrics.keySet()).noneMatch(sample -> FILTER_LABEL.matcher(sample).find());
        assertThat(metrics).as("series with %d filters: fewer than one a filter", FILTERS).hasSizeLessThan(FILTERS)
                .containsEntry("smartlead_polls_total{outcome=\"failed\"}", 0.0);
        assertThat(metrics.get("smartlead_polls_total{outcome=\"completed\"}")).isGreaterThanOrEqualTo(POLLED);
        assertThat(published(metrics)).isEqualTo(CONTACTS);
    }

    /** The metrics page once the first filters were polled (the first one has contacts, the others none). */
    private static String pageOnceTheFirstFiltersWerePolled(String prefix, boolean perFilter) throws Exception {
        TestTopics topics = BUNDLE.topics(prefix);
        String filterIds = LongStream.range(FIRST_FILTER, FIRST_FILTER + FILTERS).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        Properties settings = BUNDLE.settings(topics, filterIds, CONTACTS, CONTACTS);
        settings.put("smartlead.metrics.per-filter", Boolean.toString(perFilter));
        settings.put("smartlead.dedup.store", "memory");
        BUNDLE.simulator().withDefaultPopulationSize(0).withFilter(FIRST_FILTER, CONTACTS);

        try (RunningApp app = BUNDLE.start(settings)) {
            ManagementApi management = new ManagementApi(app.managementUrl());
            Eventually.until(() -> completedPolls(management.metrics()) >= POLLED, Duration.ofSeconds(60),
                    () -> completedPolls(management.metrics()) + " polls of filters completed");
            return management.metricsPage();
        }
    }

    /** The filters' completed polls, whether counted per filter or in all. */
    private static double completedPolls(Map<String, Double> metrics) {
        return sum(metrics, "smartlead_polls_total{", "outcome=\"completed\"");
    }

    private static double published(Map<String, Double> metrics) {
        return sum(metrics, "smartlead_contacts_published_total{", "category=");
    }

    private static double sum(Map<String, Double> metrics, String prefix, String label) {
        return metrics.entrySet().stream().filter(sample -> sample.getKey().startsWith(prefix)
                && sample.getKey().contains(label)).mapToDouble(Map.Entry::getValue).sum();
    }
}
