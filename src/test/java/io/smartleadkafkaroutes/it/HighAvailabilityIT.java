package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.EmbeddedKafka;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against a Kubernetes API server (fabric8's mock, CRUD mode): only the holder of the
 * Lease polls; when it stops, the other takes over within the lease time and polls.
 */
class HighAvailabilityIT {

    private static final long LEASE_MILLIS = 3000;

    @Test
    void should_poll_on_one_replica_only_and_fail_over_within_the_lease_time() throws Exception {
        KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getByName("127.0.0.1"), 0);
        // the replicas' pods: leader election only considers pods that exist
        try (KubernetesClient client = kubernetes.createClient()) {
            for (String pod : List.of("replica-a", "replica-b")) {
                client.pods().inNamespace("smartlead").resource(new PodBuilder().withNewMetadata().withName(pod)
                        .addToLabels("app.kubernetes.io/name", "smartlead-kafka-routes").endMetadata()
                        .withNewStatus().withPhase("Running")
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .addNewContainerStatus().withName("smartlead-kafka-routes").withReady(true).endContainerStatus()
                        .endStatus().build()).create();
            }
        }
        TestTopics topics = new TestTopics("ha");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                SmartleadSimulator simulator = new SmartleadSimulator(AppFixture.API_KEY).start()) {
            kafka.createTopics(topics.all());
            simulator.withFilter(77, 100);
            RunningApp first = RunningApp.start(replica(simulator, kafka, topics, kubernetes, "replica-a"));
            RunningApp second = RunningApp.start(replica(simulator, kafka, topics, kubernetes, "replica-b"));
            try {
                Eventually.until(() -> first.polls().polls() + second.polls().polls() >= 3, Duration.ofSeconds(30),
                        () -> "no replica polled");
                RunningApp leader = first.polls().polls() > 0 ? first : second;
                RunningApp follower = leader == first ? second : first;
                assertThat(follower.polls().polls()).as("the follower polls not").isZero();

                // the leader's pod goes away, as when Kubernetes stops it
                leader.close();
                Instant stopped = Instant.now();
                int requestsBefore = simulator.requests().size();
                try (KubernetesClient client = kubernetes.createClient()) {
                    client.pods().inNamespace("smartlead").withName(leader == first ? "replica-a" : "replica-b").delete();
                }
                Eventually.until(() -> simulator.requests().size() > requestsBefore, Duration.ofSeconds(30),
                        () -> "the follower never polled");
                long takeover = Duration.between(stopped, simulator.requests().get(requestsBefore).receivedAt()).toMillis();
                follower.polls().await(1, Duration.ofSeconds(30));
                System.out.println("Failover: the second replica asked the API " + takeover + " ms after the leader stopped");
                // the lease runs out (lease duration, stretched by Camel's jitter of up to 20 %), the follower notices
                // within a retry period and starts its poller; 2 s of slack for a busy CI machine
                assertThat(takeover).isLessThanOrEqualTo((long) (LEASE_MILLIS * 1.2) + 300 + 2000);
            } finally {
                first.close();
                second.close();
                kubernetes.destroy();
            }
        }
    }

    private static Properties replica(SmartleadSimulator simulator, EmbeddedKafka kafka, TestTopics topics,
            KubernetesMockServer kubernetes, String pod) {
        Properties settings = AppFixture.settings(simulator, kafka.bootstrapServers(), topics, "77", 1000, 100);
        settings.put("smartlead.poll.period", "200");
        settings.put("smartlead.fetch-requests.enabled", "false");
        settings.put("smartlead.dedup.store", "memory");
        settings.put("smartlead.ha.enabled", "true");
        settings.put("smartlead.ha.kubernetes.master-url", "http://127.0.0.1:" + kubernetes.getPort());
        settings.put("smartlead.ha.kubernetes.namespace", "smartlead");
        settings.put("smartlead.ha.kubernetes.pod-name", pod);
        settings.put("smartlead.ha.lease-duration", Long.toString(LEASE_MILLIS));
        settings.put("smartlead.ha.renew-deadline", "2000");
        settings.put("smartlead.ha.retry-period", "300");
        return settings;
    }
}
