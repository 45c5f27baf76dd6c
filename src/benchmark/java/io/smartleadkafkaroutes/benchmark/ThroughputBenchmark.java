package io.smartleadkafkaroutes.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The throughput benchmark of issue 7, in one JVM run against one in-process broker and one simulator:
 * the raw producer (the ceiling), a hand-written pipeline, a hand-written loop with the bundle's page transactions,
 * the bundle, the bundle behind a slow API and
 * the page requests alone, then the packaged jar for start-up, heap and RSS. Every kind of run is
 * repeated round-robin, after unmeasured warm-up rounds, so machine noise spreads over all of them; the
 * JIT compiler's time during each measured run is kept beside it, to show the runs were warm.
 * Not a test: run it with {@code mvn -q -Pbenchmark -DskipTests package} (see docs/benchmark.md).
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        try (BenchmarkEnvironment env = BenchmarkEnvironment.start(options)) {
            TimedRun raw = new RawProducerRun(env);
            TimedRun handWritten = new HandWrittenPipeline(env, true);
            TimedRun bundle = InProcessBundleRun.firstPoll(env, "bundle", new Properties());
            TimedRun slowBundle = InProcessBundleRun.firstPoll(env, "bundle, API latency " + options.latency().toMillis() + " ms",
                    new Properties());
            TimedRun pageRequestsAlone = new PageRequestsAlone(env);
            // what the pipelines themselves cost, without the API's request rate limit
            TimedRun handWrittenUnlimited = new HandWrittenPipeline(env, false);
            TimedRun bundleUnlimited = InProcessBundleRun.firstPoll(env, "bundle, no rate limit", unlimitedRequests());
            TimedRun runningBundleUnlimited = InProcessBundleRun.runningPoll(env, "bundle, no rate limit, running",
                    unlimitedRequests());
            // the anchor for the bundle's guarantees: a loop with one transaction per page, every ack awaited
            TimedRun transactionalLoop = new TransactionalLoop(env);
            List<TimedRun> fastApi = List.of(raw, handWritten, bundle, handWrittenUnlimited, transactionalLoop,
                    bundleUnlimited, runningBundleUnlimited);
            List<TimedRun> slowApi = List.of(slowBundle, pageRequestsAlone);
            PackagedJarRun jar = new PackagedJarRun(env);

            Map<TimedRun, List<Measurement>> measured = new LinkedHashMap<>();
            List<JarFigures> jarFigures = new ArrayList<>();
            for (int round = 1 - options.warmUpRounds(); round <= options.repetitions(); round++) {
                boolean warmUp = round <= 0;
                System.out.printf("%s%n", warmUp ? "warm-up round" : "round " + round + " of " + options.repetitions());
                env.simulator().withLatency(Duration.ZERO);
                runAll(env, fastApi, measured, warmUp);
                env.simulator().withLatency(options.latency());
                runAll(env, slowApi, measured, warmUp);
                env.simulator().withLatency(Duration.ZERO);
                if (round < 0) {
                    continue; // the packaged jar is a cold JVM every time: one warm-up start (the file cache) is enough
                }
                String prefix = env.runPrefix("jar");
                try {
                    JarFigures figures = jar.once(prefix);
                    if (!warmUp) {
                        jarFigures.add(figures);
                    }
                } finally {
                    env.dropTopics(prefix);
                }
            }
            new MemoryFootprint(env, jar).measure(System.out);
            new RequestDrainRun(env).measure(System.out);
            new ResultTable(options, measured, jarFigures).print(System.out, raw, handWritten, handWrittenUnlimited,
                    transactionalLoop, bundleUnlimited, runningBundleUnlimited, slowBundle, pageRequestsAlone);
        }
        // the in-process broker and the clients leave non-daemon threads behind
        System.exit(0);
    }

    private static void runAll(BenchmarkEnvironment env, List<TimedRun> runs, Map<TimedRun, List<Measurement>> measured,
            boolean warmUp) throws Exception {
        for (TimedRun run : runs) {
            String prefix = env.runPrefix(run.name().replaceAll("[^a-zA-Z0-9]+", "-"));
            try {
                long compiledBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                Measurement measurement = run.once(prefix);
                if (!measurement.compilerTimed()) {
                    // a run that timed only part of itself gave the compiler's time in that part
                    measurement = measurement.compiling(
                            ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiledBefore);
                }
                System.out.printf("  %-32s %7.3f s  (JIT %,d ms)%n", run.name(), measurement.seconds(),
                        measurement.jitMillis());
                if (!warmUp) {
                    measured.computeIfAbsent(run, key -> new ArrayList<>()).add(measurement);
                }
            } finally {
                env.dropTopics(prefix);
            }
        }
    }

    /** The bundle with the client-side rate limit out of the way, to show what the pipeline itself costs. */
    private static Properties unlimitedRequests() {
        Properties overrides = new Properties();
        overrides.put("smartlead.api.max-requests-per-second", "1000");
        overrides.put("smartlead.api.max-requests-per-minute", "60000");
        return overrides;
    }
}
