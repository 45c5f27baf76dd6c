package io.smartleadkafkaroutes.benchmark;

import java.time.Duration;

/**
 * What one start of the packaged jar shows: its poll, the start-up to its first request, the heap's
 * growth during the poll over the idle heap after a full collection (peak used, garbage included, and
 * what a full collection leaves after the poll), and the process's peak resident set.
 */
record JarFigures(Measurement poll, Duration startUp, long heapGrowthBytes, long retainedGrowthBytes, long peakRssBytes) {
}
