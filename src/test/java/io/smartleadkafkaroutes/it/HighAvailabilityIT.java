package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Deliveries;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.TestTopics;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas against a Kubernetes API server (fabric8's mock, CRUD mode): only the holder of the
 * Lease polls; when it stops, the other takes over within the lease time and polls. When the leader is
 * deposed while it publishes, the new leader's producer fences it: its late transaction aborts, and the
 * new leader publishes the rest, each contact once.
 */
class HighAvailabilityIT {

    private static final long LEASE_MILLIS = 3000;
    private static final List<String> PODS = List.of("replica-a", "replica-b");
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_poll_on_one_replica_only_and_fail_over_within_the_lease_time() throws Exception {
        KubernetesMockServer kubernetes = kubernetesWithReplicaPods();
        TestTopics topics = BUNDLE.topics("ha");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(77, 100);
        RunningApp first = BUNDLE.start(replica(topics, kubernetes, PODS.get(0)));
        RunningApp second = BUNDLE.start(replica(topics, kubernetes, PODS.get(1)));
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
            deletePod(kubernetes, leader == first ? PODS.get(0) : PODS.get(1));
            Eventually.until(() -> simulator.requests().size() > requestsBefore, Duration.ofSeconds(30),
                    () -> "the follower never polled");
            long takeover = Duration.between(stopped, simulator.requests().get(requestsBefore).receivedAt()).toMillis();
            follower.polls().await(1, Duration.ofSeconds(30));
            System.out.println("Failover: the second replica asked the API " + takeover + " ms after the leader stopped");
            // the lease runs out (lease duration, stretched by Camel's jitter of up to 20 %), the follower notices
            // within a retry period and starts its poller; 2 s of slack for a busy CI machine
            assertThat(takeover).isLessThanOrEqualTo((long) (LEASE_MILLIS * 1.2) + 300 + 2000);
        } finally {
            // the replicas stop before the Kubernetes API goes away
            first.close();
            second.close();
            kubernetes.destroy();
        }
    }

    @Test
    void should_publish_every_contact_exactly_once_when_the_leader_is_deposed_mid_poll() throws Exception {
        KubernetesMockServer kubernetes = kubernetesWithReplicaPods();
        TestTopics topics = BUNDLE.topics("ha-deposed");
        int contacts = 3000;
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(77, contacts);
        // pages of 500 (about 600 KB) take about two seconds each: the deposed leader is still publishing when
        // the new leader, after waiting out the lease, claims the transactional id
        BUNDLE.limitProducers(300_000L);
        RunningApp first = BUNDLE.start(sharingTheMemory(replica(topics, kubernetes, PODS.get(0))));
        RunningApp second = BUNDLE.start(sharingTheMemory(replica(topics, kubernetes, PODS.get(1))));
        ManagementApi firstApi = new ManagementApi(first.managementUrl());
        ManagementApi secondApi = new ManagementApi(second.managementUrl());
        try {
            Eventually.until(() -> published(firstApi) + published(secondApi) >= 500, Duration.ofSeconds(60),
                    () -> "no page published");
            boolean firstLeads = published(firstApi) > 0;
            ManagementApi leader = firstLeads ? firstApi : secondApi;
            ManagementApi follower = firstLeads ? secondApi : firstApi;
            // the leader's pod is gone from the API, but the leader runs on, in the middle of its poll
            deletePod(kubernetes, PODS.get(firstLeads ? 0 : 1));
            Eventually.until(() -> completedPolls(follower) >= 1, Duration.ofSeconds(90),
                    () -> "the new leader completed no poll");
            BUNDLE.limitProducers(null);

            List<String> ids = simulator.selection(77, contacts).stream().map(GeneratedContact::id).toList();
            Deliveries committed = Deliveries.read(BUNDLE.reader(), topics, ids);
            System.out.printf("Leader deposed mid-poll: read_committed %s; the deposed leader published %.0f,"
                    + " its poll %s%n", committed, published(leader), outcomes(leader));
            assertThat(committed.duplicates()).as("duplicates, read_committed").isZero();
            assertThat(committed.losses()).as("losses, read_committed").isZero();
            assertThat(published(leader)).as("the deposed leader was cut short").isLessThan(contacts);
            assertThat(outcomes(leader)).as("its fenced page failed its poll").containsEntry("failed", 1.0);
        } finally {
            // the replicas stop before the Kubernetes API goes away
            first.close();
            second.close();
            kubernetes.destroy();
        }
    }

    /** A Kubernetes API with the replicas' pods: leader election only considers pods that exist. */
    private static KubernetesMockServer kubernetesWithReplicaPods() throws Exception {
        KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getByName("127.0.0.1"), 0);
        try (KubernetesClient client = kubernetes.createClient()) {
            for (String pod : PODS) {
                client.pods().inNamespace("smartlead").resource(new PodBuilder().withNewMetadata().withName(pod)
                        .addToLabels("app.kubernetes.io/name", "smartlead-kafka-routes").endMetadata()
                        .withNewStatus().withPhase("Running")
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .addNewContainerStatus().withName("smartlead-kafka-routes").withReady(true).endContainerStatus()
                        .endStatus().build()).create();
            }
        }
        return kubernetes;
    }

    private static void deletePod(KubernetesMockServer kubernetes, String pod) {
        try (KubernetesClient client = kubernetes.createClient()) {
            client.pods().inNamespace("smartlead").withName(pod).delete();
        }
    }

    private static double published(ManagementApi app) {
        return app.metrics().entrySet().stream()
                .filter(sample -> sample.getKey().startsWith("smartlead_contacts_published_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double completedPolls(ManagementApi app) {
        return outcomes(app).getOrDefault("completed", 0.0);
    }

    /** The replica's polls by outcome. */
    private static Map<String, Double> outcomes(ManagementApi app) {
        Map<String, Double> outcomes = new TreeMap<>();
        app.metrics().forEach((sample, value) -> {
            if (sample.startsWith("smartlead_polls_total{filter=\"77\"") && value > 0) {
                outcomes.put(sample.replaceFirst(".*outcome=\"([^\"]+)\".*", "$1"), value);
            }
        });
        return outcomes;
    }

    /** Both replicas remember what was published in the one compacted topic, as deployed. */
    private static Properties sharingTheMemory(Properties replica) {
        replica.put("smartlead.dedup.store", "kafka");
        replica.put("smartlead.poll.limit", "3000");
        replica.put("smartlead.poll.page-size", "500");
        replica.put("smartlead.api.account-max-limit", "3000");
        return replica;
    }

    private static Properties replica(TestTopics topics, KubernetesMockServer kubernetes, String pod) throws Exception {
        Properties settings = BUNDLE.settings(topics, "77", 1000, 100);
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
