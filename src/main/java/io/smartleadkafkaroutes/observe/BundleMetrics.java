package io.smartleadkafkaroutes.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundle's own metrics, beside Camel's, on {@code /observe/metrics}: what the polls did per filter.
 * Names are Micrometer's; Prometheus shows them with underscores ({@code smartlead_polls_total}).
 */
public final class BundleMetrics {

    /** Tag value for a dead letter that belongs to no filter (an unreadable fetch request). */
    static final String NO_FILTER = "none";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Instant startedAt;
    private final Map<Long, Instant> lastSuccess = new ConcurrentHashMap<>();
    /** filter id -> the last poll reply's {@code metrics} object, field by field. */
    private final Map<Long, Map<String, Double>> replyMetrics = new ConcurrentHashMap<>();

    public BundleMetrics(MeterRegistry registry, Clock clock, List<Long> filterIds) {
        this.registry = registry;
        this.clock = clock;
        this.startedAt = clock.instant();
        filterIds.forEach(this::registerSinceSuccess);
    }

    /** Seconds since the filter's last complete poll; since the start while it has had none. */
    private void registerSinceSuccess(long filterId) {
        Gauge.builder("smartlead.since.last.successful.poll", () -> secondsSinceSuccess(filterId))
                .description("Seconds since the last complete poll of the filter (since the start if none yet)")
                .baseUnit("seconds")
                .tag("filter", Long.toString(filterId))
                .register(registry);
    }

    double secondsSinceSuccess(long filterId) {
        Instant last = lastSuccess.getOrDefault(filterId, startedAt);
        return Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    void pollFinished(long filterId, PollOutcome outcome, Duration took) {
        Counter.builder("smartlead.polls")
                .description("Polls of a filter by outcome")
                .tags("filter", Long.toString(filterId), "outcome", outcome.code())
                .register(registry).increment();
        Timer.builder("smartlead.poll.duration")
                .description("How long polls of the filter took, first request to last acknowledgement")
                .tag("filter", Long.toString(filterId))
                .register(registry).record(took);
        if (outcome == PollOutcome.COMPLETED) {
            lastSuccess.put(filterId, clock.instant());
        }
    }

    void pageFetched(long filterId) {
        Counter.builder("smartlead.pages.fetched")
                .description("Pages of contacts read by polls")
                .tag("filter", Long.toString(filterId))
                .register(registry).increment();
    }

    /** Each numeric field of a reply's {@code metrics} object becomes a gauge of the filter. */
    void replyMetrics(long filterId, JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            return;
        }
        Map<String, Double> fields = replyMetrics.computeIfAbsent(filterId, id -> new ConcurrentHashMap<>());
        metrics.fields().forEachRemaining(field -> {
            if (!field.getValue().isNumber()) {
                return;
            }
            String name = field.getKey();
            if (fields.put(name, field.getValue().asDouble()) == null) {
                Gauge.builder("smartlead.api.reply.metrics", fields, values -> values.getOrDefault(name, Double.NaN))
                        .description("The metrics object of the filter's last fetch-contacts reply, field by field")
                        .tags("filter", Long.toString(filterId), "metric", name)
                        .strongReference(true)
                        .register(registry);
            }
        });
    }

    void published(long filterId, EmailStatus category) {
        Counter.builder("smartlead.contacts.published")
                .description("Contact records acknowledged by Kafka, by filter and email-status category")
                .tags("filter", Long.toString(filterId), "category", category.setting())
                .register(registry).increment();
    }

    void deadLettered(Long filterId, DeadLetterReason reason) {
        Counter.builder("smartlead.dead.letters")
                .description("Records written to the dead-letter topic, by reason")
                .tags("filter", filterId == null ? NO_FILTER : Long.toString(filterId), "reason", reason.code())
                .register(registry).increment();
    }

    /** A page request is made again; {@code cause} is the HTTP status or {@code no-reply}. */
    public void httpRetry(String cause) {
        Counter.builder("smartlead.http.retries")
                .description("Page requests made again after a transient failure, by the failure")
                .tag("cause", cause)
                .register(registry).increment();
    }
}
