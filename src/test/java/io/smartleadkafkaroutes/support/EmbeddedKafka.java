package io.smartleadkafkaroutes.support;

import java.util.Map;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/** A real single-node KRaft Kafka broker in this JVM, on 127.0.0.1: the default {@link TestBroker}. */
public final class EmbeddedKafka implements TestBroker {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(0);
    }

    /** A broker on a fixed port (0: any free one), so a restart comes back where clients expect it. */
    public static EmbeddedKafka start(int port) throws Exception {
        return start(port, Map.of());
    }

    /** A broker with some broker settings of its own (the benchmark's log-append timestamps, say). */
    public static EmbeddedKafka start(int port, Map<String, String> brokerSettings) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                // tests only talk to 127.0.0.1, never to whatever "localhost" resolves to
                .setConfigProp("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("num.partitions", "3")
                // client quotas (see limitProducers) measured over 2 s, not 11: they hold from the first second
                .setConfigProp("quota.window.num", "2")
                .setConfigProp("quota.window.size.seconds", "1");
        brokerSettings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    /** The controller stays up while the broker is stopped. */
    @Override
    public void stopBroker() {
        cluster.brokers().values().forEach(broker -> broker.shutdown());
    }

    @Override
    public void startBroker() {
        cluster.brokers().values().forEach(broker -> broker.startup());
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers().replace("localhost", "127.0.0.1");
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
