package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The camel.* settings application.properties gives a meaning of their own, checked like the bundle's own
 * settings: Camel would take some wrong values silently (a management port of {@code abc} is a random port)
 * and fail on others later, in a background thread, over and over.
 */
final class CamelSettings {

    private static final String BROKERS = "camel.component.kafka.brokers";
    private static final String MANAGEMENT_PORT = "camel.management.port";
    /** host:port, the host a name, an IPv4 or a bracketed IPv6 address, optionally after a listener name (SSL://). */
    private static final Pattern BROKER = Pattern.compile("(?:[A-Za-z_]+://)?([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.%]+\\]):(\\d{1,5})");

    private CamelSettings() {
    }

    /** {@code property} answers a property's value, if set. */
    static void check(Function<String, Optional<String>> property) {
        SettingReader setting = new SettingReader(property);
        checkBrokers(setting.required(BROKERS));
        setting.oneOf("camel.component.kafka.security-protocol", List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"));
        // Kafka would log a store it cannot open at ERROR, with a stack trace, before refusing it
        for (String store : List.of("camel.component.kafka.ssl-truststore-location",
                "camel.component.kafka.ssl-keystore-location")) {
            String path = setting.optional(store);
            if (!path.isEmpty() && !Files.isReadable(Path.of(path))) {
                throw InvalidSettingException.invalid(store, path, "paths of readable files");
            }
        }
        // what the idempotent producer (camel.component.kafka.enable-idempotence) accepts
        setting.wholeNumber("camel.component.kafka.max-in-flight-request", 1, 5);
        int managementPort = setting.wholeNumber(MANAGEMENT_PORT, 1, 65535);
        if (setting.isTrue("camel.management.enabled")) {
            String host = setting.optional("camel.management.host");
            checkFree(host.isEmpty() ? "0.0.0.0" : host, managementPort);
        }
    }

    /** Names are not looked up: a broker's name may resolve only once its pod runs. */
    private static void checkBrokers(String brokers) {
        for (String broker : brokers.split(",", -1)) {
            Matcher hostPort = BROKER.matcher(broker.strip());
            int port = hostPort.matches() ? Integer.parseInt(hostPort.group(2)) : 0;
            if (port < 1 || port > 65535) {
                throw InvalidSettingException.invalid(BROKERS, brokers,
                        "comma-separated host:port pairs, e.g. broker-1:9092,broker-2:9092 (KAFKA_BOOTSTRAP_SERVERS)");
            }
        }
    }

    /**
     * Camel's management server only logs a port it cannot bind, and the application would run on without
     * health or metrics: the port is tried here first, bound as the server binds it.
     */
    private static void checkFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException inUse) {
            throw new InvalidSettingException(MANAGEMENT_PORT + "=" + port + " cannot be bound on " + host + " ("
                    + inUse.getMessage() + "): another process, or another copy of this application, uses it;"
                    + " set " + MANAGEMENT_PORT + " to a free port");
        }
    }
}
