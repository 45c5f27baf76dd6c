package io.smartleadkafkaroutes.simulator;

import java.time.Duration;
import java.util.Map;

/** A reply the simulator gives instead of the normal one: any status, headers, body and delay. */
public record Fault(int status, Map<String, String> headers, String body, Duration delay) {

    public static Fault status(int status, String body) {
        return new Fault(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    /** HTTP 200 with a body that is not a proper reply. */
    public static Fault body(String body) {
        return status(200, body);
    }

    public Fault delayedBy(Duration by) {
        return new Fault(status, headers, body, by);
    }
}
