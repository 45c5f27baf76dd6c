package io.smartleadkafkaroutes.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartleadkafkaroutes.api.FetchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageCursorTest {

    static Stream<Arguments> selections() {
        return Stream.of(
                // total_count, limit, page size, expected offsets
                Arguments.of(0, 1000, 500, List.of(0)),
                Arguments.of(300, 1000, 500, List.of(0)),
                Arguments.of(500, 1000, 500, List.of(0)),
                Arguments.of(501, 1000, 500, List.of(0, 500)),
                Arguments.of(1000, 1000, 500, List.of(0, 500)),
                Arguments.of(2345, 10000, 500, List.of(0, 500, 1000, 1500, 2000)),
                Arguments.of(2345, 1200, 500, List.of(0, 500, 1000)),
                Arguments.of(9999, 1000, 1000, List.of(0)),
                Arguments.of(7, 7, 3, List.of(0, 3, 6)),
                Arguments.of(7, 5, 3, List.of(0, 3)));
    }

    @ParameterizedTest(name = "total {0}, limit {1}, page size {2} -> offsets {3}")
    @MethodSource("selections")
    void should_request_every_page_of_the_selection_once(int totalCount, int limit, int pageSize, List<Integer> offsets) {
        PageCursor cursor = new PageCursor(327105, limit, pageSize);
        List<Integer> requested = new ArrayList<>();
        while (cursor.hasNextPage()) {
            FetchRequest request = cursor.nextRequest();
            assertThat(request.filterId()).isEqualTo(327105);
            assertThat(request.limit()).isEqualTo(limit);
            requested.add(request.visualOffset());
            cursor.pageRead(totalCount);
        }
        assertThat(requested).isEqualTo(offsets);
        assertThat(cursor.pageCount()).isEqualTo(Math.max(0, offsets.size() - (totalCount == 0 ? 1 : 0)));
    }

    @Test
    void should_always_ask_for_a_first_page_before_the_size_is_known() {
        PageCursor cursor = new PageCursor(1, 10, 10);
        assertThat(cursor.hasNextPage()).isTrue();
        assertThat(cursor.pageCount()).isEqualTo(-1);
        assertThat(cursor.nextRequest()).isEqualTo(new FetchRequest(1, 10, 10, 0));
    }

    @Test
    void should_not_ask_for_more_pages_than_the_limit_allows_when_the_page_is_larger_than_the_limit() {
        PageCursor cursor = new PageCursor(1, 10, 1000);
        assertThat(cursor.nextRequest().visualLimit()).isEqualTo(10);
        cursor.pageRead(5000);
        assertThat(cursor.hasNextPage()).isFalse();
        assertThatThrownBy(cursor::nextRequest).isInstanceOf(IllegalStateException.class);
    }
}
