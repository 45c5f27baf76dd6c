package io.smartleadkafkaroutes.simulator;

import java.time.Instant;

/** One request the simulator received. The key is never kept, only whether it was the right one. */
public record RecordedRequest(Instant receivedAt, String method, String path, boolean keyValid, String body,
        int status) {
}
