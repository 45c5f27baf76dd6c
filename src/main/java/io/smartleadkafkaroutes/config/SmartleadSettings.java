package io.smartleadkafkaroutes.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bundle's own {@code smartlead.*} settings, checked once at start so that a wrong value stops
 * the application with a message instead of failing later, mid-poll.
 */
public record SmartleadSettings(
        String baseUrl,
        String apiKey,
        int accountMaxLimit,
        List<Long> filterIds,
        int limit,
        int pageSize,
        int fetchConcurrency,
        int deadLetterMaxResponseChars,
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
        int fetchRequestMaxIds) {

    /** One active poller among replicas: leader election on a Kubernetes Lease. */
    public record HighAvailability(boolean enabled, String lockName, String masterUrl, String namespace, String podName,
            Map<String, String> podLabels, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    /** Asking again, by id, for contacts whose lookup was pending. */
    public record Recheck(boolean enabled, Duration delay, int maxChecks) {
    }

    /** Where the memory of published contacts lives. */
    public enum DedupStore { KAFKA, MEMORY }

    /** Publishing only what changed. */
    public record Dedup(boolean enabled, DedupStore store, String topic, List<String> fields, Duration loadTimeout) {
    }

    /** Retries of one page request on transient failures. */
    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
    }

    public static final String API_KEY_ENV = "SMARTLEAD_API_KEY";
    public static final int HIGHEST_ACCOUNT_MAX_LIMIT = 30000;
    public static final int MAX_PAGE_SIZE = 1000;

    /** Reads and checks the settings; {@code property} answers a property's value, if set. */
    public static SmartleadSettings load(Function<String, Optional<String>> property) {
        String apiKey = property.apply("smartlead.api.key").map(String::trim).orElse("");
        if (apiKey.isEmpty()) {
            throw new InvalidSettingException(API_KEY_ENV + " is not set: export " + API_KEY_ENV
                    + "=<your SmartLead API key> (or set the property smartlead.api.key) before starting");
        }
        String baseUrl = baseUrl(required(property, "smartlead.api.base-url"));
        int accountMax = wholeNumber(property, "smartlead.api.account-max-limit", 1, HIGHEST_ACCOUNT_MAX_LIMIT);
        int limit = wholeNumber(property, "smartlead.poll.limit", 1, accountMax);
        int pageSize = wholeNumber(property, "smartlead.poll.page-size", 1, MAX_PAGE_SIZE);
        List<Long> filterIds = filterIds(property.apply("smartlead.poll.filter-ids").orElse(""));
        int maxResponseChars = wholeNumber(property, "smartlead.dead-letter.max-response-chars", 0, 1_000_000);
        Retry retry = new Retry(wholeNumber(property, "smartlead.api.retry.max-attempts", 1, 100),
                millis(property, "smartlead.api.retry.initial-delay"),
                millis(property, "smartlead.api.retry.max-delay"),
                millis(property, "smartlead.api.retry.max-retry-after"));
        int perSecond = wholeNumber(property, "smartlead.api.max-requests-per-second", 1, 1000);
        int perMinute = wholeNumber(property, "smartlead.api.max-requests-per-minute", 1, 60_000);
        // more pages at once than the API allows per second would only queue at the rate limit
        int fetchConcurrency = wholeNumber(property, "smartlead.poll.fetch-concurrency", 1, perSecond);
        return new SmartleadSettings(baseUrl, apiKey, accountMax, filterIds, limit, pageSize, fetchConcurrency,
                maxResponseChars, retry,
                perSecond, perMinute, millis(property, "smartlead.api.unauthorized-backoff"), dedup(property),
                wholeNumber(property, "smartlead.fetch-requests.batch-size", 1, MAX_PAGE_SIZE),
                new Recheck(oneOf(property, "smartlead.pending.recheck.enabled", List.of("true", "false")).equals("true"),
                        millis(property, "smartlead.pending.recheck.delay"),
                        wholeNumber(property, "smartlead.pending.recheck.max-checks", 1, 100)),
                highAvailability(property), millis(property, "smartlead.health.kafka-timeout"),
                Duration.ofMillis(wholeNumber(property, "smartlead.api.request-deadline", 1, 86_400_000)),
                wholeNumber(property, "smartlead.api.max-reply-bytes", 1024, 1 << 30),
                wholeNumber(property, "smartlead.fetch-requests.max-ids", 1, 100_000));
    }

    private static HighAvailability highAvailability(Function<String, Optional<String>> property) {
        boolean enabled = oneOf(property, "smartlead.ha.enabled", List.of("true", "false")).equals("true");
        String namespace = property.apply("smartlead.ha.kubernetes.namespace").map(String::strip).orElse("");
        String podName = property.apply("smartlead.ha.kubernetes.pod-name").map(String::strip).orElse("");
        if (enabled && (namespace.isEmpty() || podName.isEmpty())) {
            throw new InvalidSettingException("smartlead.ha.enabled=true needs smartlead.ha.kubernetes.namespace and"
                    + " smartlead.ha.kubernetes.pod-name (in a pod: the POD_NAMESPACE and HOSTNAME environment variables)");
        }
        Duration lease = millis(property, "smartlead.ha.lease-duration");
        Duration renew = millis(property, "smartlead.ha.renew-deadline");
        Duration retry = millis(property, "smartlead.ha.retry-period");
        if (enabled && !(retry.compareTo(renew) < 0 && renew.compareTo(lease) < 0)) {
            throw new InvalidSettingException("Invalid settings smartlead.ha.retry-period < smartlead.ha.renew-deadline"
                    + " < smartlead.ha.lease-duration do not hold: " + retry.toMillis() + ", " + renew.toMillis() + ", "
                    + lease.toMillis());
        }
        Map<String, String> podLabels = new java.util.LinkedHashMap<>();
        String labels = property.apply("smartlead.ha.kubernetes.pod-labels").orElse("");
        for (String label : labels.split(",")) {
            String[] pair = label.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw new InvalidSettingException("Invalid setting smartlead.ha.kubernetes.pod-labels=" + labels
                        + ": allowed values are comma-separated name=value labels of the replicas' pods");
            }
            podLabels.put(pair[0].strip(), pair[1].strip());
        }
        return new HighAvailability(enabled, required(property, "smartlead.ha.lock-name"),
                property.apply("smartlead.ha.kubernetes.master-url").orElse("").strip(),
                namespace, podName, Map.copyOf(podLabels), lease, renew, retry);
    }

    private static Dedup dedup(Function<String, Optional<String>> property) {
        boolean enabled = oneOf(property, "smartlead.dedup.enabled", List.of("true", "false")).equals("true");
        DedupStore store = DedupStore.valueOf(
                oneOf(property, "smartlead.dedup.store", List.of("kafka", "memory")).toUpperCase(java.util.Locale.ROOT));
        String topic = required(property, "smartlead.topics.dedup");
        List<String> fields = java.util.Arrays.stream(property.apply("smartlead.dedup.fields").orElse("").split(","))
                .map(String::strip).filter(field -> !field.isEmpty()).toList();
        return new Dedup(enabled, store, topic, fields, millis(property, "smartlead.dedup.load-timeout"));
    }

    private static String oneOf(Function<String, Optional<String>> property, String name, List<String> allowed) {
        String raw = required(property, name).toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(raw)) {
            throw new InvalidSettingException("Invalid setting " + name + "=" + raw + ": allowed values are "
                    + String.join(", ", allowed));
        }
        return raw;
    }

    /** A duration in milliseconds, 0 to one day. */
    private static Duration millis(Function<String, Optional<String>> property, String name) {
        return Duration.ofMillis(wholeNumber(property, name, 0, 86_400_000));
    }

    private static String required(Function<String, Optional<String>> property, String name) {
        return property.apply(name).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new InvalidSettingException(name + " is not set"));
    }

    private static int wholeNumber(Function<String, Optional<String>> property, String name, int min, int max) {
        String raw = required(property, name);
        String allowed = "allowed values are whole numbers " + min + ".." + max;
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new InvalidSettingException("Invalid setting " + name + "=" + raw + ": " + allowed);
    }

    private static String baseUrl(String raw) {
        try {
            URI uri = URI.create(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null) {
                return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below
        }
        throw new InvalidSettingException("Invalid setting smartlead.api.base-url=" + raw
                + ": allowed values are http:// or https:// URLs without a query, e.g. https://prospect-api.smartlead.ai");
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
        return "SmartleadSettings[baseUrl=" + baseUrl + ", apiKey=***, accountMaxLimit=" + accountMaxLimit
                + ", filterIds=" + filterIds + ", limit=" + limit + ", pageSize=" + pageSize + ", " + retry
                + ", maxRequestsPerSecond=" + maxRequestsPerSecond + ", maxRequestsPerMinute=" + maxRequestsPerMinute
                + "]";
    }
}
