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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's own metrics, beside Camel's, on {@code /observe/metrics}: what the polls did per filter.
 * Names are Micrometer's; Prometheus shows them with underscores ({@code smartlead_polls_total}).
 * Every series whose labels are known at start (the configured filters, outcomes, reasons, categories,
 * retry causes) is there from the first scrape, at 0, so that {@code rate()} and {@code increase()}
 * see its first event.
 */
public final class BundleMetrics {

    /** Tag value for a dead letter that belongs to no filter (an unreadable fetch request). */
    static final String NO_FILTER = "none";

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

    private final MeterRegistry registry;
    private final Clock clock;
    /** filter id -> when its last poll completed, in seconds since the epoch. */
    private final Map<Long, Double> lastSuccess = new ConcurrentHashMap<>();
    /** filter id -> the last poll reply's {@code metrics} object, field by field. */
    private final Map<Long, Map<ApiReplyMetric, Double>> replyMetrics = new ConcurrentHashMap<>();

    /** {@code retryCauses}: every cause {@link #httpRetry} can be told of. */
    public BundleMetrics(MeterRegistry registry, Clock clock, Collection<Long> filterIds,
            Collection<String> retryCauses) {
        this.registry = registry;
        this.clock = clock;
        filterIds.forEach(this::registerFilter);
        retryCauses.forEach(this::httpRetries);
        TOMBSTONE_REASONS.forEach(this::tombstones);
        withheldRemovals();
        // an unreadable fetch request is the one dead letter that names no filter
        deadLetters(NO_FILTER, DeadLetterReason.INVALID_REQUEST);
    }

    /**
     * The filter's series at 0. The last-success time is 0 until its first completed poll: the series is
     * there from the start, so an alert on its age also fires for a filter that never succeeds.
     */
    private void registerFilter(long filterId) {
        Gauge.builder("smartlead.last.success.timestamp", lastSuccess, times -> times.getOrDefault(filterId, 0.0))
                .description("When the last poll of the filter completed, in seconds since the epoch (0: none yet)")
                .baseUnit("seconds")
                .tag("filter", Long.toString(filterId))
                .register(registry);
        for (PollOutcome outcome : PollOutcome.values()) {
            polls(filterId, outcome);
        }
        pollDurations(filterId);
        pages(filterId);
        for (EmailStatus category : EmailStatus.values()) {
            contactsPublished(filterId, category);
        }
        for (String outcome : NOT_PUBLISHED) {
            contactsNotPublished(filterId, outcome);
        }
        deadLettersLost(Long.toString(filterId));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            if (reason != DeadLetterReason.INVALID_REQUEST) {
                deadLetters(Long.toString(filterId), reason);
            }
        }
    }

    void pollFinished(long filterId, PollOutcome outcome, Duration took) {
        polls(filterId, outcome).increment();
        pollDurations(filterId).record(took);
        if (outcome == PollOutcome.COMPLETED) {
            lastSuccess.put(filterId, clock.millis() / 1000.0);
        }
    }

    void pageFetched(long filterId) {
        pages(filterId).increment();
    }

    /**
     * Each known field of a reply's {@code metrics} object becomes a gauge of the filter, from its first
     * reply on. A field the API adds is left out: a gauge named by whatever the API sends would be a
     * series nobody chose; naming it in {@link ApiReplyMetric} shows it.
     */
    void replyMetrics(long filterId, JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            return;
        }
        Map<ApiReplyMetric, Double> values = replyMetrics.computeIfAbsent(filterId, id -> new ConcurrentHashMap<>());
        metrics.fields().forEachRemaining(field -> {
            Optional<ApiReplyMetric> known = ApiReplyMetric.ofField(field.getKey());
            if (known.isEmpty() || !field.getValue().isNumber()) {
                LOG.debug("Filter {}: reply metrics field '{}' is not shown ({})", filterId, field.getKey(),
                        known.isEmpty() ? "not a known field" : "not a number");
                return;
            }
            ApiReplyMetric metric = known.get();
            if (values.put(metric, field.getValue().asDouble()) == null) {
                Gauge.builder(metric.meterName(), values, fields -> fields.get(metric))
                        .description("The field of the metrics object of the filter's last fetch-contacts reply")
                        .tag("filter", Long.toString(filterId))
                        .strongReference(true)
                        .register(registry);
            }
        });
    }

    void published(long filterId, EmailStatus category, int contacts) {
        contactsPublished(filterId, category).increment(contacts);
    }

    void contactsUnchanged(long filterId, int contacts) {
        contactsNotPublished(filterId, UNCHANGED).increment(contacts);
    }

    void contactsDuplicated(long filterId, int contacts) {
        contactsNotPublished(filterId, DUPLICATE).increment(contacts);
    }

    void contactsSendFailed(long filterId, int contacts) {
        contactsNotPublished(filterId, SEND_FAILED).increment(contacts);
    }

    void contactsMissing(long filterId, int contacts) {
        contactsNotPublished(filterId, MISSING).increment(contacts);
    }

    void deadLetterLost(Long filterId) {
        deadLettersLost(filterId == null ? NO_FILTER : Long.toString(filterId)).increment();
    }

    void deadLettered(Long filterId, DeadLetterReason reason) {
        deadLetters(filterId == null ? NO_FILTER : Long.toString(filterId), reason).increment();
    }

    /** A page request is made again; {@code cause} is the HTTP status or {@code no-reply}. */
    public void httpRetry(String cause) {
        httpRetries(cause).increment();
    }

    private Counter polls(long filterId, PollOutcome outcome) {
        return Counter.builder("smartlead.polls")
                .description("Polls of a filter by outcome")
                .tags("filter", Long.toString(filterId), "outcome", outcome.code())
                .register(registry);
    }

    private Timer pollDurations(long filterId) {
        return Timer.builder("smartlead.poll.duration")
                .description("How long polls of the filter took, first request to last acknowledgement")
                .tag("filter", Long.toString(filterId))
                .register(registry);
    }

    private Counter pages(long filterId) {
        return Counter.builder("smartlead.pages.fetched")
                .description("Pages of contacts read by polls")
                .tag("filter", Long.toString(filterId))
                .register(registry);
    }

    private Counter contactsPublished(long filterId, EmailStatus category) {
        return Counter.builder("smartlead.contacts.published")
                .description("Contact records committed to Kafka, by filter and email-status category")
                .tags("filter", Long.toString(filterId), "category", category.setting())
                .register(registry);
    }

    private Counter contactsNotPublished(long filterId, String outcome) {
        return Counter.builder("smartlead.contacts.not.published")
                .description("Contacts of a filter not published, by why: unchanged since last published, a repeat of an"
                        + " id on the same page, their page's transaction failed (sent again next poll), missing from a"
                        + " short page")
                .tags("filter", Long.toString(filterId), "outcome", outcome)
                .register(registry);
    }

    private Counter deadLettersLost(String filter) {
        return Counter.builder("smartlead.dead.letters.lost")
                .description("Dead letters that could not be written to Kafka either; the poll failed")
                .tag("filter", filter)
                .register(registry);
    }

    private Counter deadLetters(String filter, DeadLetterReason reason) {
        return Counter.builder("smartlead.dead.letters")
                .description("Records written to the dead-letter topic, by reason")
                .tags("filter", filter, "reason", reason.code())
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
