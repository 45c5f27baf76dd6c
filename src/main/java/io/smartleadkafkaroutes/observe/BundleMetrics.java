package io.smartleadkafkaroutes.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's own metrics, beside Camel's, on {@code /observe/metrics}: what the polls did.
 * Names are Micrometer's; Prometheus shows them with underscores ({@code smartlead_polls_total}).
 * Only the series an alert on a stuck or failing filter needs, and what a filter costs, are per filter (label
 * {@code filter}): when its last poll completed, its polls by outcome and its requests to the API; with
 * {@code smartlead.metrics.per-filter=false} not even those. Everything else is a total over all filters, so
 * that a scrape stays small however many filters there are: thousands of filters times each category, reason
 * and outcome would be tens of thousands of series.
 * Every series whose labels are known at start (the configured filters, outcomes, reasons, categories,
 * retry causes) is there from the first scrape, at 0, so that {@code rate()} and {@code increase()}
 * see its first event.
 */
public final class BundleMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(BundleMetrics.class);

    /** The {@code outcome} label values of {@code smartlead_contacts_not_published_total}. */
    static final String UNCHANGED = "unchanged";
    static final String DUPLICATE = "duplicate";
    static final String SEND_FAILED = "send-failed";
    static final String MISSING = "missing";
    private static final List<String> NOT_PUBLISHED = List.of(UNCHANGED, DUPLICATE, SEND_FAILED, MISSING);
    /** The {@code reason} label values of {@code smartlead_tombstones_total}: a contact moved to another topic, or left. */
    static final String MOVED = "moved";
    static final String LEFT = "left";
    private static final List<String> TOMBSTONE_REASONS = List.of(MOVED, LEFT);
    /**
     * The buckets of {@code smartlead_poll_duration_seconds}: a poll of a small filter takes under a second, one of
     * a large filter (many pages at the API's rate limit) many minutes; beyond an hour only the count tells.
     */
    static final List<Duration> POLL_DURATION_BUCKETS = List.of(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1));
    /**
     * The {@code filter} label of requests for a filter that is not configured: a fetch request may name any
     * filter, and a label value per such filter would let the request topic add series without bound.
     */
    static final String OTHER_FILTER = "other";

    private final MeterRegistry registry;
    private final Clock clock;
    private final boolean perFilter;
    private final Set<Long> configuredFilters;
    /** filter id -> when its last poll completed, in seconds since the epoch. */
    private final Map<Long, Double> lastSuccess = new ConcurrentHashMap<>();
    /** field -> filter id -> the field of that filter's last poll reply's {@code metrics} object. */
    private final Map<ApiReplyMetric, Map<Long, Double>> replyMetrics = new ConcurrentHashMap<>();

    /**
     * {@code retryCauses}: every cause {@link #httpRetry} can be told of; {@code perFilter}: whether the last
     * success and the polls are shown per filter.
     */
    public BundleMetrics(MeterRegistry registry, Clock clock, Collection<Long> filterIds,
            Collection<String> retryCauses, boolean perFilter) {
        this.registry = registry;
        this.clock = clock;
        this.perFilter = perFilter;
        this.configuredFilters = Set.copyOf(filterIds);
        if (perFilter) {
            filterIds.forEach(filterId -> lastSuccess(filterTag(filterId), times -> times.getOrDefault(filterId, 0.0),
                    "When the last poll of the filter completed, in seconds since the epoch (0: none yet)"));
        } else {
            // the oldest of the filters' times: an alert on its age fires as soon as any one filter is stuck
            lastSuccess(Tags.empty(), times -> filterIds.stream().mapToDouble(id -> times.getOrDefault(id, 0.0)).min()
                    .orElse(0.0), "When the last poll of the filter whose last completed poll is the oldest completed,"
                    + " in seconds since the epoch (0: some filter has none yet)");
        }
        for (long filterId : filterIds) {
            for (PollOutcome outcome : PollOutcome.values()) {
                polls(filterId, outcome);
            }
        }
        pollDurations();
        pages();
        for (EmailStatus category : EmailStatus.values()) {
            contactsPublished(category);
        }
        NOT_PUBLISHED.forEach(this::contactsNotPublished);
        deadLettersLost();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters(reason);
        }
        retryCauses.forEach(this::httpRetries);
        filterIds.forEach(filterId -> httpRequests(requestFilterTag(filterId)));
        if (perFilter) {
            httpRequests(Tags.of("filter", OTHER_FILTER));
        }
        TOMBSTONE_REASONS.forEach(this::tombstones);
        withheldRemovals();
    }

    /**
     * When the last poll completed; 0 until the first one. The series is there from the start, so an alert
     * on its age also fires for a filter that never succeeds.
     */
    private void lastSuccess(Tags tags, ToDoubleFunction<Map<Long, Double>> value, String description) {
        Gauge.builder("smartlead.last.success.timestamp", lastSuccess, value)
                .description(description)
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
    }

    void pollFinished(long filterId, PollOutcome outcome, Duration took) {
        polls(filterId, outcome).increment();
        pollDurations().record(took);
        if (outcome == PollOutcome.COMPLETED) {
            lastSuccess.put(filterId, clock.millis() / 1000.0);
        }
    }

    void pageFetched() {
        pages().increment();
    }

    /**
     * Each known field of a reply's {@code metrics} object becomes a gauge, from the first reply that has it
     * on: the sum over the filters of the field in each one's last reply. A field the API adds is left out: a
     * gauge named by whatever the API sends would be a series nobody chose; naming it in {@link ApiReplyMetric}
     * shows it.
     */
    void replyMetrics(long filterId, JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            return;
        }
        metrics.fields().forEachRemaining(field -> {
            Optional<ApiReplyMetric> known = ApiReplyMetric.ofField(field.getKey());
            if (known.isEmpty() || !field.getValue().isNumber()) {
                LOG.debug("Filter {}: reply metrics field '{}' is not shown ({})", filterId, field.getKey(),
                        known.isEmpty() ? "not a known field" : "not a number");
                return;
            }
            replyMetrics.computeIfAbsent(known.get(), this::replyMetric).put(filterId, field.getValue().asDouble());
        });
    }

    private Map<Long, Double> replyMetric(ApiReplyMetric metric) {
        Map<Long, Double> byFilter = new ConcurrentHashMap<>();
        Gauge.builder(metric.meterName(), byFilter,
                        values -> values.values().stream().mapToDouble(Double::doubleValue).sum())
                .description("The field of the metrics object of each filter's last fetch-contacts reply, summed over"
                        + " the filters")
                .strongReference(true)
                .register(registry);
        return byFilter;
    }

    void published(EmailStatus category, int contacts) {
        contactsPublished(category).increment(contacts);
    }

    void contactsUnchanged(int contacts) {
        contactsNotPublished(UNCHANGED).increment(contacts);
    }

    void contactsDuplicated(int contacts) {
        contactsNotPublished(DUPLICATE).increment(contacts);
    }

    void contactsSendFailed(int contacts) {
        contactsNotPublished(SEND_FAILED).increment(contacts);
    }

    void contactsMissing(int contacts) {
        contactsNotPublished(MISSING).increment(contacts);
    }

    void deadLetterLost() {
        deadLettersLost().increment();
    }

    void deadLettered(DeadLetterReason reason) {
        deadLetters(reason).increment();
    }

    /** A page request is made again; {@code cause} is the HTTP status or {@code no-reply}. */
    public void httpRetry(String cause) {
        httpRetries(cause).increment();
    }

    /** A request is sent to the API for the filter: every attempt, at a page, at contacts by id or at a re-check. */
    public void httpRequest(long filterId) {
        httpRequests(requestFilterTag(filterId)).increment();
    }

    /** The {@code filter} label of a per-filter series; none when per-filter series are off. */
    private Tags filterTag(long filterId) {
        return perFilter ? Tags.of("filter", Long.toString(filterId)) : Tags.empty();
    }

    /** {@link #filterTag}, with every filter that is not configured as {@link #OTHER_FILTER}. */
    private Tags requestFilterTag(long filterId) {
        if (perFilter && !configuredFilters.contains(filterId)) {
            return Tags.of("filter", OTHER_FILTER);
        }
        return filterTag(filterId);
    }

    private Counter polls(long filterId, PollOutcome outcome) {
        return Counter.builder("smartlead.polls")
                .description("Polls of the filters by outcome")
                .tags(filterTag(filterId).and("outcome", outcome.code()))
                .register(registry);
    }

    private Timer pollDurations() {
        // a histogram, not a summary: its buckets add up across replicas and give any quantile over any range
        return Timer.builder("smartlead.poll.duration")
                .description("How long polls of a filter took, first request to last acknowledgement")
                .serviceLevelObjectives(POLL_DURATION_BUCKETS.toArray(Duration[]::new))
                .register(registry);
    }

    private Counter pages() {
        return Counter.builder("smartlead.pages.fetched")
                .description("Pages of contacts read by polls")
                .register(registry);
    }

    private Counter contactsPublished(EmailStatus category) {
        return Counter.builder("smartlead.contacts.published")
                .description("Contact records committed to Kafka, by email-status category")
                .tag("category", category.setting())
                .register(registry);
    }

    private Counter contactsNotPublished(String outcome) {
        return Counter.builder("smartlead.contacts.not.published")
                .description("Contacts not published, by why: unchanged since last published, a repeat of an id on the"
                        + " same page, their page's transaction failed (sent again next poll), missing from a short page")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter deadLettersLost() {
        return Counter.builder("smartlead.dead.letters.lost")
                .description("Dead letters that could not be written to Kafka either; the poll failed")
                .register(registry);
    }

    private Counter deadLetters(DeadLetterReason reason) {
        return Counter.builder("smartlead.dead.letters")
                .description("Records written to the dead-letter topic, by reason")
                .tag("reason", reason.code())
                .register(registry);
    }

    private Counter httpRequests(Tags filter) {
        return Counter.builder("smartlead.http.requests")
                .description("Requests sent to the SmartLead API, by filter: every attempt, so retries, fetches by id and"
                        + " re-checks of pending contacts too")
                .tags(filter)
                .register(registry);
    }

    private Counter httpRetries(String cause) {
        return Counter.builder("smartlead.http.retries")
                .description("Page requests made again after a transient failure, by the failure")
                .tag("cause", cause)
                .register(registry);
    }

    /** Tombstones committed: {@code reason} moved (to another topic) or left (every configured filter). */
    public void tombstonesWritten(String reason, int count) {
        if (count > 0) {
            tombstones(reason).increment(count);
        }
    }

    /** A poll of a filter removed nobody, as it did not read the whole selection. */
    public void removalsWithheld() {
        withheldRemovals().increment();
    }

    private Counter tombstones(String reason) {
        return Counter.builder("smartlead.tombstones")
                .description("Tombstones committed to the category topics, by reason: the contact moved to another topic,"
                        + " or left every configured filter")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter withheldRemovals() {
        return Counter.builder("smartlead.removals.withheld")
                .description("Polls of a filter after which nobody could leave it: the poll failed, stopped early, was"
                        + " cut off by smartlead.poll.limit or had short pages")
                .register(registry);
    }
}
