package io.smartleadkafkaroutes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.FetchRequestHandOff.Position;
import io.smartleadkafkaroutes.api.FetchRequestHandOff.Received;
import io.smartleadkafkaroutes.api.IdRequests.IdRequest;
import io.smartleadkafkaroutes.api.IdRequests.Request;
import io.smartleadkafkaroutes.api.IdRequests.ResyncRequest;
import io.smartleadkafkaroutes.api.IdRequests.Unreadable;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class IdRequestsTest {

    private final IdRequests requests = new IdRequests(new ObjectMapper(), 2, 3, List.of(7L));

    @Test
    void should_keep_the_first_distinct_ids_up_to_the_cap_and_refuse_the_rest() {
        IdRequest request = (IdRequest) requests.read("{\"filterId\":7,\"ids\":[\"a\",\"b\",\"a\",\"c\",\"d\",\"e\"]}");

        assertThat(request.ids()).containsExactly("a", "b", "c");
        assertThat(request.refused()).containsExactly("d", "e");
        assertThat(requests.batches(request)).extracting(FetchRequest::id)
                .containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(requests.refusedRequest(request)).isEqualTo(FetchRequest.byIds(7, List.of("d", "e")));
    }

    @Test
    void should_refuse_nothing_within_the_cap() {
        assertThat(((IdRequest) requests.read("{\"filterId\":7,\"ids\":[\"a\",\"b\",\"c\"]}")).refused()).isEmpty();
    }

    @Test
    void should_combine_the_ids_of_a_batch_per_filter_each_once_in_the_order_asked_for() {
        List<Request> batch = requests.readAll(received(
                "{\"filterId\":7,\"ids\":[\"a\",\"b\"]}",
                "{\"filterId\":8,\"ids\":[\"x\"]}",
                "{\"filterId\":7,\"ids\":[\"b\",\"c\",\"d\",\"e\"]}",
                "{\"resync\":true,\"filterId\":7}",
                "{\"filterId\":8,\"ids\":[\"y\",\"x\"]}"));

        List<IdRequest> combined = requests.combined(batch);

        assertThat(combined).containsExactly(new IdRequest(7, List.of("a", "b", "c", "d"), List.of()),
                new IdRequest(8, List.of("x", "y"), List.of()));
        assertThat(combined).allMatch(IdRequest::askedFor);
        // the ids beyond the cap (3) stay with their own request, for its dead letter
        assertThat(requests.tooLarge(batch)).containsExactly(new IdRequest(7, List.of("b", "c", "d"), List.of("e")));
        assertThat(requests.batches(combined.get(0))).extracting(FetchRequest::id)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void should_sort_a_batch_into_unreadable_requests_resyncs_and_id_requests() {
        List<Request> batch = requests.readAll(received(
                "not json",
                "{\"resync\":true}",
                "{\"filterId\":0,\"ids\":[\"a\"]}",
                "{\"resync\":true}",
                "{\"resync\":true,\"filterId\":7}",
                "{\"resync\":true,\"filterId\":9}",
                null));

        assertThat(requests.unreadable(batch)).containsExactly(
                new Unreadable("not json", "it is not JSON"),
                new Unreadable("{\"filterId\":0,\"ids\":[\"a\"]}", "'filterId' must be a positive whole number"),
                new Unreadable("{\"resync\":true,\"filterId\":9}",
                        "'filterId' of a resync must be one of smartlead.poll.filter-ids [7], or left out for all of them"),
                new Unreadable(null, "it is not a JSON object"));
        assertThat(requests.resyncs(batch)).as("the same resync asked twice is one poll")
                .containsExactly(new ResyncRequest(null), new ResyncRequest(7L));
        assertThat(requests.combined(batch)).isEmpty();
    }


    private static List<Received> received(String... values) {
        return IntStream.range(0, values.length).mapToObj(offset ->
                new Received(new Position(new TopicPartition("requests", 0), offset), values[offset])).toList();
    }
}
