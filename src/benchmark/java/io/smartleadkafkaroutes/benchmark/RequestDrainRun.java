package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.support.ConsumerGroups;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FetchRequestBacklog;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A backlog of fetch-by-id requests, 5,000 of 10 ids each, written before the bundle starts, drained at the
 * shipped rate limit (10 requests a second, 60 a minute): from the start to the last request's offset
 * committed, and the id-mode API requests it took. Before requests were served together it drained at about
 * 0.7 requests a second: two hours for this backlog.
 */
final class RequestDrainRun {

    private static final long REQUESTED = 434343;
    private static final int REQUESTS = 5_000;
    private static final int IDS_PER_REQUEST = 10;

    private final BenchmarkEnvironment env;

    RequestDrainRun(BenchmarkEnvironment env) {
        this.env = env;
    }

    void measure(PrintStream out) throws Exception {
        String prefix = env.runPrefix("request-drain");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            TestTopics topics = env.freshTopics(prefix);
            String requests = topics.asSettings().getProperty("smartlead.topics.fetch-requests");
            env.simulator().withFilter(REQUESTED, REQUESTS * IDS_PER_REQUEST);
            FetchRequestBacklog.write(env.bootstrapServers(), requests, REQUESTED,
                    env.simulator().population(REQUESTED).contacts(), REQUESTS, IDS_PER_REQUEST);
            Properties settings = env.bundleSettings(topics);
            // the drain alone: no poll of the benchmark's filter shares the rate limit meanwhile
            settings.put("smartlead.poll.initial-delay", "1h");
            settings.put("smartlead.fetch-requests.group-id", prefix);
            int mark = env.requestMark();
            long began = System.nanoTime();
            try (RunningApp app = RunningApp.start(settings)) {
                Eventually.until(() -> ConsumerGroups.committed(admin, prefix, requests) == REQUESTS,
                        Duration.ofMinutes(10), () -> ConsumerGroups.committed(admin, prefix, requests) + " of "
                                + REQUESTS + " requests served");
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            out.printf("%nFetch-by-id backlog: %,d requests of %d ids drained in %.1f s at the shipped rate limit"
                    + " (start included; %,d id-mode API requests; %.0f requests a second)%n", REQUESTS, IDS_PER_REQUEST,
                    seconds, env.requestsSince(mark), REQUESTS / seconds);
        } finally {
            env.dropTopics(prefix);
        }
    }
}
