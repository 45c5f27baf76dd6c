package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.model.FetchRequest;
import java.time.Instant;

/**
 * The yardstick of the slow-API run: the poll's page requests one after the other and nothing else
 * (no parsing, no Kafka), from the first request to the last reply read.
 */
record PageRequestsAlone(BenchmarkEnvironment env) implements TimedRun {

    @Override
    public String name() {
        return "page requests alone";
    }

    @Override
    public Measurement once(String runPrefix) throws Exception {
        BenchmarkOptions options = env.options();
        PageFetcher fetcher = new PageFetcher(env.simulator());
        int mark = env.requestMark();
        long bytes = 0;
        for (int offset = 0; offset < options.contacts(); offset += options.pageSize()) {
            bytes += fetcher.fetch(new FetchRequest(BenchmarkEnvironment.FILTER_ID, options.contacts(),
                    options.pageSize(), offset)).length;
        }
        Instant lastReply = Instant.now();
        return new Measurement(java.time.Duration.between(env.firstRequestSince(mark), lastReply), options.contacts(),
                (double) bytes / options.contacts());
    }
}
