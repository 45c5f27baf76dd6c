package io.smartleadkafkaroutes.observe;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.Service;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness: DOWN while no Kafka broker answers, since no contact or dead letter could be published.
 * Asks the cluster for its brokers with the routes' own connection and security settings.
 */
public final class KafkaReachability extends AbstractHealthCheck implements Service {

    private final Supplier<Properties> clientSettings;
    private final Duration timeout;
    private Admin admin;

    public KafkaReachability(Supplier<Properties> clientSettings, Duration timeout) {
        super("smartlead", "kafka");
        this.clientSettings = clientSettings;
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        // an unreachable broker is not cured by restarting the pod
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int timeoutMillis = (int) timeout.toMillis();
        try {
            int brokers = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                    .nodes().get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS).size();
            builder.detail("brokers", brokers).up();
        } catch (ExecutionException | TimeoutException failed) {
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            builder.message("No Kafka broker answered within " + timeout.toMillis() + " ms: "
                    + cause.getClass().getSimpleName()).down();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            builder.message("Interrupted while asking Kafka").down();
        }
    }

    /** Calls are serialised by the base class, so one client serves them all. */
    private Admin admin() {
        if (admin == null) {
            Properties settings = new Properties();
            // only what an admin client knows: the producer's other settings would each be logged as unknown
            clientSettings.get().forEach((name, value) -> {
                if (AdminClientConfig.configNames().contains(name.toString())) {
                    settings.put(name, value);
                }
            });
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "smartlead-kafka-routes-health");
            admin = Admin.create(settings);
        }
        return admin;
    }

    @Override
    public void start() {
        // the client is made at the first check
    }

    @Override
    public void stop() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
