package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON body of one {@code fetch-contacts} page request. The API key is never part of it. */
public record FetchRequest(
        @JsonProperty("filter_id") long filterId,
        @JsonProperty("limit") int limit,
        @JsonProperty("visual_limit") int visualLimit,
        @JsonProperty("visual_offset") int visualOffset) {
}
