package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Requests to fetch named contacts, read from the request topic: {@code {"filterId": 327105, "ids": [...]}}.
 * A request that cannot be read is refused with the reason; a good one becomes id-mode fetches of at
 * most the batch size each.
 */
public final class IdRequests {

    /** A readable request: the filter and its distinct contact ids, in the order given. */
    public record IdRequest(long filterId, List<String> ids) {
    }

    private static final int MAX_IDS = 10_000;
    private final ObjectMapper mapper;
    private final int batchSize;

    public IdRequests(ObjectMapper mapper, int batchSize) {
        this.mapper = mapper;
        this.batchSize = batchSize;
    }

    public IdRequest read(String text) {
        JsonNode request;
        try {
            request = text == null ? null : mapper.readTree(text);
        } catch (IOException notJson) {
            throw invalid("it is not JSON", text);
        }
        if (request == null || !request.isObject()) {
            throw invalid("it is not a JSON object", text);
        }
        JsonNode filterId = request.get("filterId");
        if (filterId == null || !filterId.canConvertToLong() || !filterId.isIntegralNumber() || filterId.asLong() < 1) {
            throw invalid("'filterId' must be a positive whole number", text);
        }
        JsonNode ids = request.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw invalid("'ids' must be an array of 1 to " + MAX_IDS + " contact ids", text);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw invalid("every entry of 'ids' must be a non-empty string", text);
            }
            distinct.add(id.asText());
        }
        return new IdRequest(filterId.asLong(), List.copyOf(distinct));
    }

    /** The id-mode fetches for a request, {@code smartlead.fetch-requests.batch-size} ids each. */
    public List<FetchRequest> batches(IdRequest request) {
        List<FetchRequest> batches = new ArrayList<>();
        for (int from = 0; from < request.ids().size(); from += batchSize) {
            batches.add(FetchRequest.byIds(request.filterId(),
                    request.ids().subList(from, Math.min(from + batchSize, request.ids().size()))));
        }
        return batches;
    }

    private static DeadLetterException invalid(String problem, String text) {
        return new DeadLetterException(DeadLetterReason.INVALID_REQUEST, Stage.PARSE,
                "Fetch request cannot be read: " + problem, null, text);
    }
}
