package io.smartleadkafkaroutes.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The query string that carries the API key. It is set as the HTTP query header just for the call,
 * so the key never appears in an endpoint URI, a route dump, a log line or a record.
 */
public final class ApiKeyQuery {

    private final String query;

    public ApiKeyQuery(String apiKey) {
        this.query = "api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
    }

    public String query() {
        return query;
    }

    @Override
    public String toString() {
        return "api_key=***";
    }
}
