package io.smartleadkafkaroutes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.FetchRequestHandOff.Received;
import io.smartleadkafkaroutes.config.Running;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.Stage;
import io.smartleadkafkaroutes.retry.Attempt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;

/**
 * Requests to fetch named contacts, read from the request topic: {@code {"filterId": 327105, "ids": [...]}}.
 * The requests of one poll of the topic are served together: a request that cannot be read is refused with
 * the reason; the good ones for one filter are combined into id-mode fetches of at most the batch size each,
 * for at most {@code smartlead.fetch-requests.max-ids} ids of each request: those beyond are refused, in a
 * dead letter of their own.
 */
public final class IdRequests {

    /**
     * A readable request: the filter and its distinct contact ids, in the order given, and those refused;
     * {@code askedFor}: read from the request topic (its contacts are published even if unchanged), not a
     * re-check of pending contacts.
     */
    public record IdRequest(long filterId, List<String> ids, List<String> refused, boolean askedFor) implements Request {

        public IdRequest(long filterId, List<String> ids, List<String> refused) {
            this(filterId, ids, refused, true);
        }

        /** A request of nothing but ids to fetch, as the pending re-check makes them. */
        public IdRequest(long filterId, List<String> ids) {
            this(filterId, ids, List.of(), false);
        }

        /** How many distinct ids the request named, fetched or refused. */
        public int named() {
            return ids.size() + refused.size();
        }
    }

    /** A request read from the request topic. */
    public sealed interface Request permits IdRequest, ResyncRequest, Unreadable {
    }

    /** A request that cannot be read ({@code text}, as it came), and why. */
    public record Unreadable(String text, String problem) implements Request {
    }

    /** A request to publish every contact of one configured filter ({@code filterId}) or of all (null) again. */
    public record ResyncRequest(Long filterId) implements Request {
    }

    private final ObjectMapper mapper;
    private final int batchSize;
    private final int maxIds;
    private final List<Long> configuredFilters;

    /** {@code configuredFilters}: smartlead.poll.filter-ids, the filters a resync may name. */
    public IdRequests(ObjectMapper mapper, int batchSize, int maxIds, List<Long> configuredFilters) {
        this.mapper = mapper;
        this.batchSize = batchSize;
        this.maxIds = maxIds;
        this.configuredFilters = List.copyOf(configuredFilters);
    }

    /** The requests of one poll of the request topic, each read. */
    public List<Request> readAll(@Body List<Received> batch) {
        return batch.stream().map(received -> read(received.request())).toList();
    }

    /** The request read: an {@link IdRequest}, a {@link ResyncRequest}, or {@link Unreadable} with why. */
    public Request read(String text) {
        JsonNode request;
        try {
            request = text == null ? null : mapper.readTree(text);
        } catch (IOException notJson) {
            return new Unreadable(text, "it is not JSON");
        }
        if (request == null || !request.isObject()) {
            return new Unreadable(text, "it is not a JSON object");
        }
        if (request.has("resync")) {
            return resync(request, text);
        }
        JsonNode filterId = request.get("filterId");
        if (filterId == null || !filterId.canConvertToLong() || !filterId.isIntegralNumber() || filterId.asLong() < 1) {
            return new Unreadable(text, "'filterId' must be a positive whole number");
        }
        JsonNode ids = request.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            return new Unreadable(text, "'ids' must be an array of 1 or more contact ids");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                return new Unreadable(text, "every entry of 'ids' must be a non-empty string");
            }
            distinct.add(id.asText());
        }
        List<String> all = List.copyOf(distinct);
        return new IdRequest(filterId.asLong(), all.subList(0, Math.min(maxIds, all.size())),
                all.subList(Math.min(maxIds, all.size()), all.size()));
    }

    private Request resync(JsonNode request, String text) {
        if (!request.get("resync").isBoolean() || !request.get("resync").asBoolean()) {
            return new Unreadable(text, "'resync' must be true");
        }
        if (request.has("ids")) {
            return new Unreadable(text, "a resync names no 'ids': it publishes every contact of the filter");
        }
        JsonNode filterId = request.get("filterId");
        if (filterId == null || filterId.isNull()) {
            return new ResyncRequest(null);
        }
        if (!filterId.isIntegralNumber() || !filterId.canConvertToLong() || !configuredFilters.contains(filterId.asLong())) {
            return new Unreadable(text, "'filterId' of a resync must be one of smartlead.poll.filter-ids "
                    + configuredFilters + ", or left out for all of them");
        }
        return new ResyncRequest(filterId.asLong());
    }

    /** The requests of the batch that cannot be read. */
    public List<Unreadable> unreadable(@Body List<Request> batch) {
        return only(Unreadable.class, batch).toList();
    }

    /** The resyncs the batch asks for, each once: the same resync asked twice is one poll. */
    public List<ResyncRequest> resyncs(@Body List<Request> batch) {
        return only(ResyncRequest.class, batch).distinct().toList();
    }

    /**
     * The ids the batch's requests name, one request per filter: each id once, in the order asked for, so
     * that requests for the same filter share the id-mode fetches (of the batch size each).
     */
    public List<IdRequest> combined(@Body List<Request> batch) {
        Map<Long, Set<String>> idsByFilter = new LinkedHashMap<>();
        only(IdRequest.class, batch).forEach(request ->
                idsByFilter.computeIfAbsent(request.filterId(), filter -> new LinkedHashSet<>()).addAll(request.ids()));
        return idsByFilter.entrySet().stream()
                .map(filter -> new IdRequest(filter.getKey(), List.copyOf(filter.getValue()), List.of())).toList();
    }

    /** The requests of the batch that named more ids than smartlead.fetch-requests.max-ids. */
    public List<IdRequest> tooLarge(@Body List<Request> batch) {
        return only(IdRequest.class, batch).filter(request -> !request.refused().isEmpty()).toList();
    }

    private static <T extends Request> Stream<T> only(Class<T> kind, List<Request> batch) {
        return batch.stream().filter(kind::isInstance).map(kind::cast);
    }

    /** The filters a resync polls: the one it names, or every configured filter. */
    public List<Long> resyncFilters(@Body ResyncRequest request) {
        return request.filterId() == null ? configuredFilters : List.of(request.filterId());
    }

    /** The refused ids of a request, as the fetch that was not made: the request of its dead letter. */
    public FetchRequest refusedRequest(IdRequest request) {
        return FetchRequest.byIds(request.filterId(), request.refused());
    }

    /** The fetch that was not made for the refused ids, as the request beside its dead letter (no attempt made). */
    public Attempt notAttempted(@Body IdRequest request) {
        return new Attempt(refusedRequest(request), request.askedFor());
    }

    /** The filter the request is for. */
    public long filterId(@Body IdRequest request) {
        return request.filterId();
    }

    /** Whether to ask for the next batch: not once the application stops; the request is read again after the restart. */
    public boolean askNext(CamelContext context) {
        return Running.running(context);
    }

    /** The id-mode fetches for a request, each to be attempted. */
    public List<Attempt> attempts(@Body IdRequest request) {
        return batches(request).stream().map(batch -> new Attempt(batch, request.askedFor())).toList();
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
}
