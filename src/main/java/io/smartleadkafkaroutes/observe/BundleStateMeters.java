package io.smartleadkafkaroutes.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartleadkafkaroutes.retry.FilterBackoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The state the alerts of {@code k8s/components/prometheus-operator} and the dashboard read beside what the polls
 * did: the version running, the poll period a stuck filter is measured against, readiness, and the filters whose
 * key the API refused. The key itself is in none of them.
 */
public final class BundleStateMeters {

    private BundleStateMeters() {
    }

    public static void register(MeterRegistry registry, CamelContext context, Duration pollPeriod,
            FilterBackoff backoff) {
        Gauge.builder("smartlead.build.info", () -> 1)
                .description("1, labelled with the version of the bundle that runs")
                .tag("version", version())
                .register(registry);
        Gauge.builder("smartlead.poll.period", () -> pollPeriod.toMillis() / 1000.0)
                .description("How often every filter is polled (smartlead.poll.period)")
                .baseUnit("seconds")
                .register(registry);
        // asked at each scrape, as the probe asks /observe/health/ready: the PodMonitor scrapes pods that are not ready too
        Gauge.builder("smartlead.ready", context, BundleStateMeters::ready)
                .description("1 while /observe/health/ready answers UP, else 0")
                .register(registry);
        Gauge.builder("smartlead.key.refused.filters", backoff, refusals -> refusals.refusedFilters().size())
                .description("Filters for which the API refused the key (HTTP 401/403) until a poll of them gets"
                        + " through again")
                .register(registry);
    }

    private static double ready(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .noneMatch(result -> result.getState() == HealthCheck.State.DOWN) ? 1 : 0;
    }

    /** The project's version, written into {@code build.properties} by the build. */
    static String version() {
        Properties build = new Properties();
        try (InputStream in = BundleStateMeters.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing beside " + BundleStateMeters.class);
            }
            build.load(in);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return build.getProperty("version");
    }
}
