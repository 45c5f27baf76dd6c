package io.smartleadkafkaroutes.support;

import io.smartleadkafkaroutes.SmartleadKafkaRoutes;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** The whole application (Camel Main, the real routes and properties) started in this JVM with some overrides. */
public final class RunningApp implements AutoCloseable {

    private final Main main;
    private final PollCounter polls;

    private RunningApp(Main main, PollCounter polls) {
        this.main = main;
        this.polls = polls;
    }

    public static RunningApp start(Properties overrides) {
        Main main = SmartleadKafkaRoutes.create(overrides);
        PollCounter polls = new PollCounter();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy().addEventNotifier(polls);
            }
        });
        main.start();
        return new RunningApp(main, polls);
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
