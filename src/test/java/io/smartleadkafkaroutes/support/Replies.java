package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.api.ReplyReader;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A page as the bundle holds it: its entries written into a {@code success:true} reply, read by {@link ReplyReader}. */
public final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {
    }

    public static FetchReply page(FetchRequest request, List<? extends JsonNode> entries, int totalCount, JsonNode metrics,
            Instant fetchedAt) {
        ObjectNode reply = JSON.createObjectNode().put("success", true);
        ObjectNode data = reply.putObject("data");
        data.putArray("list").addAll(entries);
        data.put("total_count", totalCount);
        if (metrics != null) {
            data.set("metrics", metrics);
        }
        try {
            return new ReplyReader(JSON, Clock.fixed(fetchedAt, ZoneOffset.UTC)).read(200, JSON.writeValueAsBytes(reply),
                    request);
        } catch (JsonProcessingException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    /** A page without entries. */
    public static FetchReply empty(FetchRequest request, int totalCount, Instant fetchedAt) {
        return page(request, List.of(), totalCount, null, fetchedAt);
    }
}
