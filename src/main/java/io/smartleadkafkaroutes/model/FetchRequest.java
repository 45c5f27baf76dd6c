package io.smartleadkafkaroutes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON body of one {@code fetch-contacts} request: a page of a filter's selection ({@code limit}),
 * or named contacts ({@code id}). The API key is never part of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FetchRequest(
        @JsonProperty("filter_id") long filterId,
        @JsonProperty("limit") Integer limit,
        @JsonProperty("id") List<String> id,
        @JsonProperty("visual_limit") int visualLimit,
        @JsonProperty("visual_offset") int visualOffset) {

    /** A page of the filter's selection of {@code limit} contacts. */
    public FetchRequest(long filterId, int limit, int visualLimit, int visualOffset) {
        this(filterId, limit, null, visualLimit, visualOffset);
    }

    /** Exactly these contacts of the filter, in one page. */
    public static FetchRequest byIds(long filterId, List<String> ids) {
        return new FetchRequest(filterId, null, List.copyOf(ids), ids.size(), 0);
    }
}
