package io.smartleadkafkaroutes.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The whole application (Camel Main, the real routes, the shipped settings) polling the benchmark's
 * filter, in this JVM: the same JVM settings, warmed up the same way, as the plain pipelines. Its memory
 * of published contacts is the shipped compacted topic, fresh per run, so nothing is skipped.
 * <p>
 * Measured either on the first poll after the application started, or on the second poll of a running
 * application, as a deployed bundle polls: started once, then every period for days, so its Camel
 * context, clients and transactional id are in place and its code compiled. Every contact changed between
 * the two polls (a new title, a field its fingerprint then covers), so the second poll publishes all of them.
 */
final class InProcessBundleRun implements TimedRun {

    private static final Duration POLL_TIMEOUT = Duration.ofMinutes(5);

    private final BenchmarkEnvironment env;
    private final String name;
    private final Properties overrides;
    private final boolean running;

    private InProcessBundleRun(BenchmarkEnvironment env, String name, Properties overrides, boolean running) {
        this.env = env;
        this.name = name;
        this.overrides = overrides;
        this.running = running;
    }

    /** Measures the first poll after the application started. */
    static InProcessBundleRun firstPoll(BenchmarkEnvironment env, String name, Properties overrides) {
        return new InProcessBundleRun(env, name, overrides, false);
    }

    /** Measures the second poll of the running application, every contact changed since the first. */
    static InProcessBundleRun runningPoll(BenchmarkEnvironment env, String name, Properties overrides) {
        return new InProcessBundleRun(env, name, overrides, true);
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
        if (running) {
            settings.put("smartlead.dedup.fields", "title");
            // the timer's period runs from one poll's start to the next (a poll longer than the period is followed
            // at once): long enough that no third poll begins before the second is measured and the route stopped
            settings.put("smartlead.poll.period", "5s");
            env.simulator().withReplyEdit(retitledAfter(
                    (env.options().contacts() + env.options().pageSize() - 1) / env.options().pageSize()));
        }
        int mark = env.requestMark();
        try (RunningApp app = RunningApp.start(settings)) {
            if (!running) {
                // a poll ends only when its last page's transaction is committed: consumers see the records from then
                app.polls().await(1, POLL_TIMEOUT);
                return env.measure(topics.all(), env.firstRequestSince(mark), app.polls().lastEnded());
            }
            app.polls().await(1, POLL_TIMEOUT);
            mark = env.requestMark();
            CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
            long compiledBefore = compiler.getTotalCompilationTime();
            app.polls().await(2, POLL_TIMEOUT);
            long compiled = compiler.getTotalCompilationTime() - compiledBefore;
            // no third poll: the next tick is a period away
            app.context().getRouteController().stopRoute("poll-filters");
            return env.measure(topics.all(), env.firstRequestSince(mark), app.polls().lastEnded(), 2)
                    .compiling(compiled);
        } finally {
            env.simulator().withReplyEdit(UnaryOperator.identity());
        }
    }

    /** Each contact with a title of the poll it is served in, counting polls by their page replies. */
    private static UnaryOperator<ObjectNode> retitledAfter(int pagesPerPoll) {
        AtomicInteger replies = new AtomicInteger();
        return reply -> {
            String title = "poll " + (replies.getAndIncrement() / pagesPerPoll + 1);
            reply.path("data").path("list").forEach(contact -> ((ObjectNode) contact).put("title", title));
            return reply;
        };
    }
}
