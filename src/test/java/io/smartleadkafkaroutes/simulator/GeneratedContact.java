package io.smartleadkafkaroutes.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One contact of a simulated population: its JSON as the API sends it, and its ground truth. */
public record GeneratedContact(int index, String id, ContactKind kind, ObjectNode json) {

    public boolean hasEmail() {
        return kind != ContactKind.NO_EMAIL;
    }
}
