package io.smartleadkafkaroutes.benchmark;

import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.support.ShippedSettings;
import io.smartleadkafkaroutes.support.TestTopics;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a user might write instead of the bundle: a loop over the pages (JDK HTTP client, Jackson), the
 * same enrichment and classification, and a plain {@link KafkaProducer} with the bundle's settings whose
 * sends run on while the next page is fetched; one flush at the end. It keeps to the API's request rate
 * limit as shipped (the API answers 429 beyond it), unless built {@code unlimited} for comparison.
 */
final class HandWrittenPipeline implements TimedRun {

    private final BenchmarkEnvironment env;
    private final boolean rateLimited;

    HandWrittenPipeline(BenchmarkEnvironment env, boolean rateLimited) {
        this.env = env;
        this.rateLimited = rateLimited;
    }

    @Override
    public String name() {
        return rateLimited ? "hand-written pipeline" : "hand-written, no rate limit";
    }

    @Override
    public Measurement once(String runPrefix) throws Exception {
        TestTopics topics = env.freshTopics(runPrefix);
        BenchmarkOptions options = env.options();
        PageFetcher fetcher = new PageFetcher(env.simulator());
        RateLimiter rateLimiter = shippedRateLimiter();
        Acks acks = new Acks();
        int mark = env.requestMark();
        BundleRecords records = new BundleRecords(topics);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(env.producerSettings())) {
            String pollId = records.newPollId();
            for (int offset = 0; offset < options.contacts(); offset += options.pageSize()) {
                if (rateLimited) {
                    rateLimiter.acquire();
                }
                FetchRequest request = new FetchRequest(BenchmarkEnvironment.FILTER_ID, options.contacts(),
                        options.pageSize(), offset);
                records.of(fetcher.page(request), pollId).forEach(record -> producer.send(record, acks));
            }
            producer.flush();
        }
        acks.check();
        return env.measure(topics.all(), env.firstRequestSince(mark));
    }

    private static RateLimiter shippedRateLimiter() {
        var shipped = ShippedSettings.lookup();
        return new RateLimiter(Integer.parseInt(shipped.apply("smartlead.api.max-requests-per-second").orElseThrow()),
                Integer.parseInt(shipped.apply("smartlead.api.max-requests-per-minute").orElseThrow()), Clock.systemUTC());
    }
}
