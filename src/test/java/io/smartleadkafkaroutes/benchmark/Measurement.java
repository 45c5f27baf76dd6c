package io.smartleadkafkaroutes.benchmark;

import java.time.Duration;

/** One timed run: how long from the first request (or send) to the last record's acknowledgement, for how many records of what mean size. */
record Measurement(Duration elapsed, long records, double meanRecordBytes) {

    double seconds() {
        return elapsed.toNanos() / 1e9;
    }
}
