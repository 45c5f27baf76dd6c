package io.smartleadkafkaroutes.model;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/** Whether the application goes on: false once it stops, so no further page or batch is asked for. */
public final class Running {

    private Running() {
    }

    /** Also true while it starts: the first poll may begin before the last route is up. */
    public static boolean running(CamelContext context) {
        ServiceStatus status = context.getStatus();
        return !status.isStopping() && !status.isStopped();
    }
}
