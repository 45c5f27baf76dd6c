package io.smartleadkafkaroutes.benchmark;

import java.time.Duration;

/**
 * What to measure, from {@code -Dbenchmark.*} system properties: unmeasured warm-up rounds (the JIT
 * compiler keeps compiling the pipelines' code for several rounds, and its threads compete for the
 * same cores), repetitions, the
 * contacts of the poll, the API latency of the slow-API run, and whether the packaged-jar runs record
 * a Java Flight Recording (for profiling; it costs a little time, so not for the figures).
 */
record BenchmarkOptions(int warmUpRounds, int repetitions, int contacts, int pageSize, Duration latency, boolean flightRecording) {

    static BenchmarkOptions fromSystemProperties() {
        return new BenchmarkOptions(
                Integer.getInteger("benchmark.warm-up-rounds", 3),
                Integer.getInteger("benchmark.repetitions", 5),
                Integer.getInteger("benchmark.contacts", 30_000),
                1000,
                Duration.ofMillis(Long.getLong("benchmark.latency-ms", 250)),
                Boolean.getBoolean("benchmark.jfr"));
    }

    int pages() {
        return (contacts + pageSize - 1) / pageSize;
    }
}
