package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.support.Replies;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageCursorTest {

    /** Reads the requested page, whose reply says total_count; none of its contacts matter here. */
    private static void read(PageCursor cursor, FetchRequest request, int totalCount) {
        cursor.pageRead(Replies.empty(request, totalCount, Instant.EPOCH));
    }

    private static int offset(FetchReply page) {
        return page.request().visualOffset();
    }

    /** Reads the whole selection, {@code concurrency} pages a round; answers the offsets asked for, by round. */
    private static List<List<Integer>> readAll(PageCursor cursor, int totalCount, int concurrency) {
        List<List<Integer>> rounds = new ArrayList<>();
        for (List<FetchRequest> round = cursor.nextRequests(concurrency); !round.isEmpty();
                round = cursor.nextRequests(concurrency)) {
            // replies come back in any order
            for (int i = round.size() - 1; i >= 0; i--) {
                read(cursor, round.get(i), totalCount);
            }
            assertThat(cursor.takePages()).extracting(PageCursorTest::offset)
                    .isSorted().hasSize(round.size());
            rounds.add(round.stream().map(FetchRequest::visualOffset).toList());
        }
        return rounds;
    }

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
        List<List<Integer>> rounds = readAll(cursor, totalCount, 1);

        assertThat(rounds.stream().flatMap(List::stream).toList()).isEqualTo(offsets);
        assertThat(cursor.complete()).isTrue();
        assertThat(cursor.pageCount()).isEqualTo(Math.max(0, offsets.size() - (totalCount == 0 ? 1 : 0)));
    }

    @Test
    void should_ask_for_the_first_page_alone_then_for_up_to_the_concurrency_at_once() {
        PageCursor cursor = new PageCursor(327105, 10000, 500);

        assertThat(readAll(cursor, 2345, 3)).containsExactly(List.of(0), List.of(500, 1000, 1500), List.of(2000));
        assertThat(cursor.pagesRead()).isEqualTo(5);
    }

    @Test
    void should_always_ask_for_a_first_page_before_the_size_is_known() {
        PageCursor cursor = new PageCursor(1, 10, 10);
        assertThat(cursor.hasNextPage()).isTrue();
        assertThat(cursor.pageCount()).isEqualTo(-1);
        assertThat(cursor.nextRequests(5)).containsExactly(new FetchRequest(1, 10, 10, 0));
    }

    @Test
    void should_not_ask_for_more_pages_than_the_limit_allows_when_the_page_is_larger_than_the_limit() {
        PageCursor cursor = new PageCursor(1, 10, 1000);
        FetchRequest first = cursor.nextRequests(1).get(0);
        assertThat(first.visualLimit()).isEqualTo(10);
        read(cursor, first, 5000);
        cursor.takePages();
        assertThat(cursor.hasNextPage()).isFalse();
        assertThat(cursor.nextRequests(1)).isEmpty();
    }

    @Test
    void should_stop_after_a_round_with_a_page_that_could_not_be_read() {
        PageCursor cursor = new PageCursor(1, 10000, 500);
        read(cursor, cursor.nextRequests(3).get(0), 2345);
        cursor.takePages();
        List<FetchRequest> round = cursor.nextRequests(3);
        // the page at 1000 became a dead letter: only the other two were read
        read(cursor, round.get(0), 2345);
        read(cursor, round.get(2), 2345);

        assertThat(cursor.roundIncomplete()).isTrue();
        cursor.stop();
        assertThat(cursor.takePages()).extracting(PageCursorTest::offset).containsExactly(500, 1500);
        // the page read in the round before (prepared meanwhile) is published, none of the failed round is
        assertThat(cursor.publishes(0)).isTrue();
        assertThat(cursor.publishes(500)).isFalse();
        assertThat(cursor.publishes(1500)).isFalse();
        assertThat(cursor.hasNextPage()).isFalse();
        assertThat(cursor.nextRequests(3)).isEmpty();
        assertThat(cursor.complete()).isFalse();
    }

    @Test
    void should_ask_for_no_further_page_once_a_page_could_not_be_published() {
        PageCursor cursor = new PageCursor(1, 10000, 500);
        read(cursor, cursor.nextRequests(1).get(0), 2345);
        cursor.takePages();

        cursor.stopPublishing();

        assertThat(cursor.publishes(500)).isFalse();
        assertThat(cursor.hasNextPage()).as("stopped").isFalse();
        assertThat(cursor.nextRequests(3)).isEmpty();
        assertThat(cursor.complete()).isFalse();
    }
}
