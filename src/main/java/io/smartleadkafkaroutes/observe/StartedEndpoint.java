package io.smartleadkafkaroutes.observe;

import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * {@code <health path>/started} on the management port, for a Kubernetes startup probe: 503 while the
 * application starts (settings checked, routes starting) or stops, 200 while it runs. Camel's
 * management server has live and ready only.
 */
public final class StartedEndpoint extends EventNotifierSupport {

    private final CamelContext context;
    private boolean added;

    public StartedEndpoint(CamelContext context) {
        this.context = context;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return !added && (event instanceof CamelEvent.CamelContextStartingEvent
                || event instanceof CamelEvent.CamelContextStartedEvent);
    }

    /** The management server starts early; the endpoint is added as soon as the server is there. */
    @Override
    public void notify(CamelEvent event) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null || !server.isHealthCheckEnabled()) {
            return;
        }
        added = true;
        // first in line: the management server's own routes were added before
        server.getRouter().route(HttpMethod.GET, server.getHealthPath() + "/started").order(-1).handler(request -> {
            boolean started = context.isStarted();
            request.response()
                    .setStatusCode(started ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .end("{\"status\":\"" + (started ? "UP" : "DOWN") + "\"}");
        });
    }
}
