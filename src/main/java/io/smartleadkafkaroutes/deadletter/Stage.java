package io.smartleadkafkaroutes.deadletter;

/** Where in the pipeline a dead letter arose. */
public enum Stage {
    FETCH("fetch"), PARSE("parse"), ENRICH("enrich"), ROUTE("route"), PUBLISH("publish");

    private final String code;

    Stage(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
