package io.smartleadkafkaroutes.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.IdRequests.IdRequest;
import io.smartleadkafkaroutes.deadletter.DeadLetterException;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import java.util.List;
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
    void should_refuse_the_ids_beyond_the_cap_naming_the_setting() {
        IdRequest request = (IdRequest) requests.read("{\"filterId\":7,\"ids\":[\"a\",\"b\",\"c\",\"d\"]}");

        DeadLetterException refusal = catchThrowableOfType(DeadLetterException.class, () -> requests.refuse(request));

        assertThat(refusal.reason()).isEqualTo(DeadLetterReason.FETCH_REQUEST_TOO_LARGE);
        assertThat(refusal).hasMessage("Fetch request of 4 ids: the 1 beyond smartlead.fetch-requests.max-ids=3 are not"
                + " fetched (this dead letter's request)");
    }

    @Test
    void should_refuse_nothing_within_the_cap() {
        assertThat(((IdRequest) requests.read("{\"filterId\":7,\"ids\":[\"a\",\"b\",\"c\"]}")).refused()).isEmpty();
    }
}
