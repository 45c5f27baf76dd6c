package io.smartleadkafkaroutes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;
import io.smartleadkafkaroutes.retry.FilterBackoff;
import io.smartleadkafkaroutes.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The state gauges beside the polls' metrics; readiness against a running application is ObservabilityIT's. */
class BundleStateMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FilterBackoff backoff = new FilterBackoff(Duration.ofMinutes(15), Duration.ofHours(2),
            new MutableClock(Instant.parse("2026-11-26T10:00:00Z")));

    @Test
    void should_show_the_built_version_the_poll_period_and_the_filters_whose_key_was_refused() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            BundleStateMeters.register(registry, context, Duration.ofMinutes(15), backoff);

            assertThat(registry.get("smartlead.build.info").gauge().getId().getTag("version"))
                    .as("filled in by the build").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
            assertThat(registry.get("smartlead.build.info").gauge().value()).isEqualTo(1);
            assertThat(registry.get("smartlead.poll.period").gauge().value()).isEqualTo(900);
            assertThat(registry.get("smartlead.key.refused.filters").gauge().value()).isZero();

            backoff.failed(327105L, new DeadLetterException(DeadLetterReason.HTTP_ERROR, Stage.FETCH, "Unauthorized", 401, "{}"));
            assertThat(registry.get("smartlead.key.refused.filters").gauge().value()).isEqualTo(1);
            backoff.succeeded(327105L);
            assertThat(registry.get("smartlead.key.refused.filters").gauge().value()).isZero();
        }
    }
}
