package io.smartleadkafkaroutes.support;

import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** The whole application (Camel Main, the real routes and properties) started in this JVM with some overrides. */
public final class RunningApp implements AutoCloseable {

    private static final String MANAGEMENT_PORT = "camel.management.port";

    private final Main main;
    private final PollCounter polls;
    private final int managementPort;

    private RunningApp(Main main, PollCounter polls, int managementPort) {
        this.main = main;
        this.polls = polls;
        this.managementPort = managementPort;
    }

    /** Starts the application; its management server takes a free port unless the overrides name one. */
    public static RunningApp start(Properties overrides) {
        Properties settings = new Properties();
        settings.putAll(overrides);
        if (!settings.containsKey(MANAGEMENT_PORT)) {
            settings.put(MANAGEMENT_PORT, Integer.toString(FreePort.pick()));
        }
        Main main = SmartleadKafkaRoutes.create(settings);
        PollCounter polls = new PollCounter();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy().addEventNotifier(polls);
            }
        });
        main.start();
        return new RunningApp(main, polls, Integer.parseInt(settings.getProperty(MANAGEMENT_PORT)));
    }

    /** The base URL of the management server: {@code /observe/health}, {@code /observe/metrics}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public PollCounter polls() {
        return polls;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
