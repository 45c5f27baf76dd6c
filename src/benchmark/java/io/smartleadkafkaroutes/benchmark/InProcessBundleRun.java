package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Duration;
import java.util.Properties;

/**
 * The whole application (Camel Main, the real routes, the shipped settings) polling the benchmark's
 * filter once, in this JVM: the same JVM settings, warmed up the same way, as the plain pipelines.
 * Its memory of published contacts is the shipped compacted topic, fresh per run, so nothing is skipped.
 */
final class InProcessBundleRun implements TimedRun {

    private final BenchmarkEnvironment env;
    private final String name;
    private final Properties overrides;

    InProcessBundleRun(BenchmarkEnvironment env, String name, Properties overrides) {
        this.env = env;
        this.name = name;
        this.overrides = overrides;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Measurement once(String runPrefix) throws Exception {
        TestTopics topics = env.freshTopics(runPrefix);
        Properties settings = env.bundleSettings(topics);
        settings.putAll(overrides);
        int mark = env.requestMark();
        try (RunningApp app = RunningApp.start(settings)) {
            // a poll ends only when its last page's transaction is committed: consumers see the records from then
            app.polls().await(1, Duration.ofMinutes(5));
            return env.measure(topics.all(), env.firstRequestSince(mark), app.polls().lastEnded());
        }
    }
}
