package io.smartleadkafkaroutes.benchmark;

import java.time.Duration;

/**
 * One timed run: how long from the first request (or send) to the last record's acknowledgement, for how
 * many records of what mean size, and how long the JIT compiler worked in the harness meanwhile.
 */
record Measurement(Duration elapsed, long records, double meanRecordBytes, long jitMillis) {

    /** Not yet known: how long the compiler worked meanwhile. */
    private static final long COMPILER_UNTIMED = -1;

    Measurement(Duration elapsed, long records, double meanRecordBytes) {
        this(elapsed, records, meanRecordBytes, COMPILER_UNTIMED);
    }

    boolean compilerTimed() {
        return jitMillis != COMPILER_UNTIMED;
    }

    Measurement compiling(long millis) {
        return new Measurement(elapsed, records, meanRecordBytes, millis);
    }

    double seconds() {
        return elapsed.toNanos() / 1e9;
    }
}
