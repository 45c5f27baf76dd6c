package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.dedup.RemovalRule;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The bundle's own {@code smartlead.*} settings, checked once at start so that a wrong value stops
 * the application with a message instead of failing later, mid-poll.
 */
public record SmartleadSettings(
        String baseUrl,
        String apiKey,
        List<Long> filterIds,
        int limit,
        int pageSize,
        int fetchConcurrency,
        DeadLetterLimits deadLetterLimits,
        Retry retry,
        int maxRequestsPerSecond,
        int maxRequestsPerMinute,
        Duration unauthorizedBackoff,
        Dedup dedup,
        int idBatchSize,
        Recheck recheck,
        HighAvailability ha,
        Duration kafkaHealthTimeout,
        Duration requestDeadline,
        int maxReplyBytes,
        int fetchRequestMaxIds,
        RemovalRule removals,
        TopicCreation topicCreation,
        boolean perFilterMetrics) {

    /**
     * How missing topics are made ({@code smartlead.topics.create}, ...): partitions and replicas empty for the
     * broker's defaults; {@code deleteRetention}: how long a category topic keeps its tombstones.
     */
    public record TopicCreation(boolean create, Optional<Integer> partitions, Optional<Short> replicationFactor,
            Duration deleteRetention) {
    }

    /** One active poller among replicas: leader election on a Kubernetes Lease. */
    public record HighAvailability(boolean enabled, String lockName, String masterUrl, String namespace, String podName,
            Map<String, String> podLabels, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    /** Characters of a reply body and of a contact entry a dead letter keeps, so that Kafka takes it. */
    public record DeadLetterLimits(int maxResponseChars, int maxContactChars) {
    }

    /** Asking again, by id, for contacts whose lookup was pending. */
    public record Recheck(boolean enabled, Duration delay, int maxChecks) {
    }

    /** Where the memory of published contacts lives. */
    public enum DedupStore { KAFKA, MEMORY }

    /** Publishing only what changed; {@code maxBytes}: the most heap the memory's contacts may take. */
    public record Dedup(boolean enabled, DedupStore store, String topic, List<String> fields, Duration loadTimeout,
            long maxBytes) {
    }

    /** Retries of one page request on transient failures. */
    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

        /**
         * How Camel's redelivery waits between the attempts at an API request: from {@code initialDelay} doubling up
         * to {@code maxDelay}, each +-20 % so that replicas and filters do not retry in step. How many attempts are
         * made is the routeConfiguration's retryWhile's to say ({@code maxAttempts}, RetryPolicy.anotherAttempt).
         * Nothing is redelivered while the application stops (Camel's default would): the failure becomes a dead
         * letter.
         */
        public RedeliveryPolicy redeliveryPolicy() {
            RedeliveryPolicy policy = new RedeliveryPolicy();
            // no count of its own: retryWhile, which Camel asks whenever it is given, holds the one budget
            policy.setMaximumRedeliveries(-1);
            policy.setRedeliveryDelay(initialDelay.toMillis());
            policy.setMaximumRedeliveryDelay(maxDelay.toMillis());
            policy.setUseExponentialBackOff(true);
            policy.setBackOffMultiplier(2);
            policy.setUseCollisionAvoidance(true);
            policy.setCollisionAvoidanceFactor(0.2);
            policy.setRetryAttemptedLogLevel(LoggingLevel.DEBUG);
            policy.setAllowRedeliveryWhileStopping(false);
            return policy;
        }
    }

    public static final String API_KEY_ENV = "SMARTLEAD_API_KEY";
    public static final int HIGHEST_ACCOUNT_MAX_LIMIT = 30000;
    public static final int MAX_PAGE_SIZE = 1000;
    static final String BASE_URLS = "http:// or https:// URLs without a query or a trailing slash,"
            + " e.g. https://prospect-api.smartlead.ai";
    private static final List<String> TOPICS_OF_ONE_USE = List.of("smartlead.topics.dead-letter", "smartlead.topics.dedup",
            "smartlead.topics.fetch-requests");

    /** Reads and checks the settings; {@code property} answers a property's value, if set. */
    public static SmartleadSettings load(Function<String, Optional<String>> property) {
        SettingReader setting = new SettingReader(property);
        String apiKey = setting.optional("smartlead.api.key");
        if (apiKey.isEmpty()) {
            throw new InvalidSettingException(API_KEY_ENV + " is not set: export " + API_KEY_ENV
                    + "=<your SmartLead API key> (or set the property smartlead.api.key) before starting");
        }
        String baseUrl = baseUrl(setting.required("smartlead.api.base-url"));
        int accountMax = setting.wholeNumber("smartlead.api.account-max-limit", 1, HIGHEST_ACCOUNT_MAX_LIMIT);
        int limit = setting.wholeNumber("smartlead.poll.limit", 1, accountMax);
        int pageSize = setting.wholeNumber("smartlead.poll.page-size", 1, MAX_PAGE_SIZE);
        List<Long> filterIds = filterIds(property.apply("smartlead.poll.filter-ids").orElse(""));
        DeadLetterLimits deadLetterLimits = new DeadLetterLimits(
                setting.wholeNumber("smartlead.dead-letter.max-response-chars", 0, 100_000),
                setting.wholeNumber("smartlead.dead-letter.max-contact-chars", 0, 500_000));
        Retry retry = new Retry(setting.wholeNumber("smartlead.api.retry.max-attempts", 1, 100),
                setting.duration("smartlead.api.retry.initial-delay"),
                setting.duration("smartlead.api.retry.max-delay"),
                setting.duration("smartlead.api.retry.max-retry-after"));
        int perSecond = setting.wholeNumber("smartlead.api.max-requests-per-second", 1, 1000);
        int perMinute = setting.wholeNumber("smartlead.api.max-requests-per-minute", 1, 60_000);
        // more pages at once than the API allows per second would only queue at the rate limit
        int fetchConcurrency = setting.wholeNumber("smartlead.poll.fetch-concurrency", 1, perSecond);
        checkRouteSettings(setting);
        checkTopicsOfOneUse(setting);
        return new SmartleadSettings(baseUrl, apiKey, filterIds, limit, pageSize, fetchConcurrency,
                deadLetterLimits, retry,
                perSecond, perMinute, setting.duration("smartlead.api.unauthorized-backoff"), dedup(setting),
                setting.wholeNumber("smartlead.fetch-requests.batch-size", 1, MAX_PAGE_SIZE),
                new Recheck(setting.isTrue("smartlead.pending.recheck.enabled"),
                        setting.duration("smartlead.pending.recheck.delay"),
                        setting.wholeNumber("smartlead.pending.recheck.max-checks", 1, 100)),
                highAvailability(setting), setting.duration("smartlead.health.kafka-timeout"),
                setting.duration("smartlead.api.request-deadline", Duration.ofMillis(1), SettingReader.ONE_DAY),
                setting.wholeNumber("smartlead.api.max-reply-bytes", 1024, 1 << 30),
                setting.wholeNumber("smartlead.fetch-requests.max-ids", 1, 100_000),
                removals(setting), topicCreation(setting), setting.isTrue("smartlead.metrics.per-filter"));
    }

    private static RemovalRule removals(SettingReader setting) {
        int confirmPolls = setting.wholeNumber("smartlead.removals.confirm-polls", 1, 100);
        return new RemovalRule(confirmPolls, setting.wholeNumber("smartlead.removals.bulk-share", 1, 100),
                setting.wholeNumber("smartlead.removals.bulk-confirm-polls", confirmPolls, 100));
    }

    private static TopicCreation topicCreation(SettingReader setting) {
        String partitions = "smartlead.topics.partitions";
        String replicas = "smartlead.topics.replication-factor";
        return new TopicCreation(setting.isTrue("smartlead.topics.create"),
                setting.optional(partitions).isEmpty() ? Optional.empty()
                        : Optional.of(setting.wholeNumber(partitions, 1, 100_000)),
                setting.optional(replicas).isEmpty() ? Optional.empty()
                        : Optional.of((short) setting.wholeNumber(replicas, 1, Short.MAX_VALUE)),
                setting.duration("smartlead.topics.delete-retention", Duration.ofMillis(1), Duration.ofDays(3650)));
    }

    /**
     * Settings only the routes read, through their placeholders: checked here, because Camel would take some
     * wrong values silently (a period of {@code abc} is 0: one poll, never another) and fail on others mid-start.
     */
    private static void checkRouteSettings(SettingReader setting) {
        Duration oneMilli = Duration.ofMillis(1);
        setting.duration("smartlead.poll.period", oneMilli, Duration.ofDays(7));
        setting.duration("smartlead.poll.initial-delay", Duration.ZERO, Duration.ofDays(7));
        setting.duration("smartlead.api.connect-timeout", oneMilli, SettingReader.ONE_DAY);
        setting.duration("smartlead.api.response-timeout", oneMilli, SettingReader.ONE_DAY);
        setting.isTrue("smartlead.fetch-requests.enabled");
        setting.wholeNumber("smartlead.fetch-requests.max-poll-records", 1, 10_000);
        // 0 would poll the request topic in a busy loop
        setting.duration("smartlead.fetch-requests.poll-timeout", oneMilli, Duration.ofMinutes(1));
        setting.duration("smartlead.pending.recheck.interval", oneMilli, SettingReader.ONE_DAY);
    }

    /**
     * The dead-letter, published-contacts and fetch-request topics each carry one kind of record (categories,
     * unlike them, may share a topic): none may be another's or a category's. A dead-letter topic that is the
     * request topic would read its own dead letters back as requests for ever; a published-contacts topic that
     * is a category's would put fingerprints among the contacts consumers read.
     */
    private static void checkTopicsOfOneUse(SettingReader setting) {
        Map<String, String> topics = new LinkedHashMap<>();
        for (EmailStatus status : EmailStatus.values()) {
            topics.put(status.topicSetting(), setting.optional(status.topicSetting()));
        }
        for (String oneUse : TOPICS_OF_ONE_USE) {
            topics.put(oneUse, setting.required(oneUse));
        }
        for (String oneUse : TOPICS_OF_ONE_USE) {
            String topic = topics.get(oneUse);
            topics.forEach((other, otherTopic) -> {
                if (!other.equals(oneUse) && otherTopic.equals(topic)) {
                    throw InvalidSettingException.invalid(oneUse, topic,
                            "topics no other smartlead.topics.* setting names; " + other + " names it too");
                }
            });
        }
    }

    private static HighAvailability highAvailability(SettingReader setting) {
        boolean enabled = setting.isTrue("smartlead.ha.enabled");
        String namespace = setting.optional("smartlead.ha.kubernetes.namespace");
        String podName = setting.optional("smartlead.ha.kubernetes.pod-name");
        if (enabled && (namespace.isEmpty() || podName.isEmpty())) {
            throw new InvalidSettingException("smartlead.ha.enabled=true needs smartlead.ha.kubernetes.namespace and"
                    + " smartlead.ha.kubernetes.pod-name (in a pod: the POD_NAMESPACE and HOSTNAME environment variables)");
        }
        Duration lease = setting.duration("smartlead.ha.lease-duration");
        Duration renew = setting.duration("smartlead.ha.renew-deadline");
        Duration retry = setting.duration("smartlead.ha.retry-period");
        if (enabled && !(retry.compareTo(renew) < 0 && renew.compareTo(lease) < 0)) {
            throw new InvalidSettingException("Invalid settings smartlead.ha.retry-period < smartlead.ha.renew-deadline"
                    + " < smartlead.ha.lease-duration do not hold: " + retry.toMillis() + ", " + renew.toMillis() + ", "
                    + lease.toMillis());
        }
        Map<String, String> podLabels = new LinkedHashMap<>();
        String labels = setting.optional("smartlead.ha.kubernetes.pod-labels");
        for (String label : labels.split(",")) {
            String[] pair = label.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw InvalidSettingException.invalid("smartlead.ha.kubernetes.pod-labels", labels,
                        "comma-separated name=value labels of the replicas' pods");
            }
            podLabels.put(pair[0].strip(), pair[1].strip());
        }
        return new HighAvailability(enabled, setting.required("smartlead.ha.lock-name"),
                setting.optional("smartlead.ha.kubernetes.master-url"), namespace, podName, Map.copyOf(podLabels),
                lease, renew, retry);
    }

    private static Dedup dedup(SettingReader setting) {
        boolean enabled = setting.isTrue("smartlead.dedup.enabled");
        DedupStore store = DedupStore.valueOf(
                setting.oneOf("smartlead.dedup.store", List.of("kafka", "memory")).toUpperCase(Locale.ROOT));
        String topic = setting.required("smartlead.topics.dedup");
        List<String> fields = Arrays.stream(setting.optional("smartlead.dedup.fields").split(","))
                .map(String::strip).filter(field -> !field.isEmpty()).toList();
        int heapShare = setting.wholeNumber("smartlead.dedup.max-heap-share", 10, 90);
        return new Dedup(enabled, store, topic, fields, setting.duration("smartlead.dedup.load-timeout"),
                Runtime.getRuntime().maxMemory() / 100 * heapShare);
    }

    /** The route appends /api/v1/... to the URL as written: a trailing slash would make that //api/v1/... */
    private static String baseUrl(String raw) {
        try {
            URI uri = URI.create(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && !raw.endsWith("/")) {
                return raw;
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below
        }
        throw InvalidSettingException.invalid("smartlead.api.base-url", raw, BASE_URLS);
    }

    private static List<Long> filterIds(String raw) {
        String allowed = "allowed values are a comma-separated list of positive whole numbers (saved search filter ids),"
                + " e.g. 327105,327106";
        if (raw.isBlank()) {
            throw new InvalidSettingException("smartlead.poll.filter-ids is empty: " + allowed);
        }
        List<Long> ids = new ArrayList<>();
        for (String part : raw.split(",")) {
            String id = part.trim();
            try {
                long value = Long.parseLong(id);
                if (value > 0 && !ids.contains(value)) {
                    ids.add(value);
                    continue;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new InvalidSettingException("Invalid setting smartlead.poll.filter-ids=" + raw
                    + ": '" + id + "' is not a new positive whole number; " + allowed + ", each listed once");
        }
        return List.copyOf(ids);
    }

    /** Never print the key, even by accident. */
    @Override
    public String toString() {
        return "SmartleadSettings[baseUrl=" + baseUrl + ", apiKey=***, filterIds=" + filterIds + ", limit=" + limit
                + ", pageSize=" + pageSize + ", " + retry + ", maxRequestsPerSecond=" + maxRequestsPerSecond
                + ", maxRequestsPerMinute=" + maxRequestsPerMinute + "]";
    }
}
