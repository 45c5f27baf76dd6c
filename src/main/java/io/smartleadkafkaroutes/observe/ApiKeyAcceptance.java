package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.retry.FilterBackoff;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the API refuses the key (HTTP 401/403) for some filter, until a poll of that
 * filter gets through again. The key itself is never part of the answer.
 */
public final class ApiKeyAcceptance extends AbstractHealthCheck {

    private final FilterBackoff backoff;

    public ApiKeyAcceptance(FilterBackoff backoff) {
        super("smartlead", "api-key");
        this.backoff = backoff;
    }

    @Override
    public boolean isLiveness() {
        // a refused key needs a new Secret, not a restart
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<Long, Instant> refused = backoff.refusedFilters();
        if (refused.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("refused-filters", refused.keySet().toString())
                .message("SmartLead refused the API key (HTTP 401/403) for filters " + refused.keySet()
                        + "; check SMARTLEAD_API_KEY. Polling resumes at " + refused.values().stream().min(Instant::compareTo).orElseThrow())
                .down();
    }
}
