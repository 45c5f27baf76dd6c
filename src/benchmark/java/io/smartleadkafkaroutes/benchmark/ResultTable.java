package io.smartleadkafkaroutes.benchmark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Prints the medians as a Markdown table (for docs/benchmark.md), the memory and start-up figures, and each target's verdict. */
final class ResultTable {

    private static final double MB = 1024 * 1024;

    private final BenchmarkOptions options;
    private final Map<TimedRun, List<Measurement>> measured;
    private final List<JarFigures> jar;

    ResultTable(BenchmarkOptions options, Map<TimedRun, List<Measurement>> measured, List<JarFigures> jar) {
        this.options = options;
        this.measured = measured;
        this.jar = jar;
    }

    void print(PrintStream out, TimedRun raw, TimedRun handWritten, TimedRun handWrittenUnlimited,
            TimedRun transactionalLoop, TimedRun bundleUnlimited, TimedRun runningBundleUnlimited, TimedRun slowBundle, TimedRun pageRequestsAlone) {
        out.printf("%nThroughput: %,d contacts in pages of %,d; median of %d repetitions after %d warm-up rounds; %d cores,"
                + " Java %s; harness JVM %s%n%n", options.contacts(), options.pageSize(), options.repetitions(),
                options.warmUpRounds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.println("| run | contacts | median s | contacts/s | vs raw | vs hand-written | min..max s | bytes/record | JIT ms |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        double rawSeconds = seconds(raw).median();
        double handWrittenSeconds = seconds(handWritten).median();
        measured.forEach((run, runs) -> {
            Stats stats = seconds(run);
            out.printf("| %s | %,d | %.3f | %,.0f | %.2f | %.2f | %.3f..%.3f | %.0f | %.0f |%n", run.name(), options.contacts(),
                    stats.median(), options.contacts() / stats.median(), rawSeconds / stats.median(),
                    handWrittenSeconds / stats.median(), stats.min(), stats.max(),
                    Stats.of(runs.stream().map(Measurement::meanRecordBytes).toList()).median(),
                    Stats.of(runs.stream().map(measurement -> (double) measurement.jitMillis()).toList()).median());
        });
        out.println("(page requests alone: bytes/record is the API's reply bytes per contact; it publishes nothing."
                + " JIT ms: the harness JVM's compiler time during the run, median; for the running bundle during its"
                + " measured poll. running: the second poll of a started bundle, every contact changed since the first)");

        Stats startUp = jarStats(figures -> figures.startUp().toMillis());
        Stats growth = jarStats(figures -> figures.heapGrowthBytes() / MB);
        Stats retained = jarStats(figures -> figures.retainedGrowthBytes() / MB);
        Stats rss = jarStats(figures -> figures.peakRssBytes() / MB);
        Stats jarPoll = jarStats(figures -> figures.poll().seconds());
        out.printf("%nPackaged jar (java %s -jar, one start per repetition, cold JVM):%n",
                String.join(" ", PackagedJarRun.CONTAINER_JVM));
        out.printf("  start-up to first request: %.0f ms (%.0f..%.0f)%n", startUp.median(), startUp.min(), startUp.max());
        out.printf("  heap growth during the poll, peak used over idle after full GC: %.1f MB (%.1f..%.1f)%n",
                growth.median(), growth.min(), growth.max());
        out.printf("  heap left after the poll over idle, both after full GC: %.1f MB (%.1f..%.1f)%n",
                retained.median(), retained.min(), retained.max());
        out.printf("  peak RSS: %.0f MB (%.0f..%.0f) of a 512 MiB container limit%n", rss.median(), rss.min(), rss.max());
        out.printf("  its poll, first request to last ack: %.3f s (%,.0f contacts/s)%n", jarPoll.median(),
                options.contacts() / jarPoll.median());

        double bundleSeconds = seconds(bundleUnlimited).median();
        double runningSeconds = seconds(runningBundleUnlimited).median();
        double handWrittenUnlimitedSeconds = seconds(handWrittenUnlimited).median();
        double overlap = seconds(slowBundle).median() / seconds(pageRequestsAlone).median();
        double loopSeconds = seconds(transactionalLoop).median();
        out.printf("%nTargets:%n");
        verdict(out, "running bundle's poll >= 0.8 x loop with page transactions", loopSeconds / runningSeconds,
                loopSeconds / runningSeconds >= 0.8);
        out.printf("  %-62s %8.2f%n", "  the same, the bundle's first poll (no target)", loopSeconds / bundleSeconds);
        verdict(out, "bundle >= 0.9 x hand-written, both without rate limit", handWrittenUnlimitedSeconds / bundleSeconds,
                handWrittenUnlimitedSeconds / bundleSeconds >= 0.9);
        verdict(out, "  the same, a running bundle's poll", handWrittenUnlimitedSeconds / runningSeconds,
                handWrittenUnlimitedSeconds / runningSeconds >= 0.9);
        verdict(out, "bundle without rate limit >= 0.4 x raw", rawSeconds / bundleSeconds, rawSeconds / bundleSeconds >= 0.4);
        verdict(out, "  the same, a running bundle's poll", rawSeconds / runningSeconds, rawSeconds / runningSeconds >= 0.4);
        verdict(out, "API latency " + options.latency().toMillis() + " ms: poll <= 1.05 x page requests alone", overlap,
                overlap <= 1.05);
        verdict(out, "heap growth < 48 MB", growth.median(), growth.median() < 48);
        verdict(out, "start-up to first request < 2.5 s", startUp.median() / 1000, startUp.median() < 2500);
    }

    private Stats seconds(TimedRun run) {
        return Stats.of(measured.get(run).stream().map(Measurement::seconds).toList());
    }

    private Stats jarStats(ToDoubleFunction<JarFigures> figure) {
        return Stats.of(jar.stream().map(figures -> figure.applyAsDouble(figures)).toList());
    }

    private static void verdict(PrintStream out, String target, double figure, boolean met) {
        out.printf("  %-62s %8.2f  %s%n", target, figure, met ? "PASS" : "FAIL");
    }
}
