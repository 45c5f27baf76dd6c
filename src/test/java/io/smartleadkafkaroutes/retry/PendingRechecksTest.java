package io.smartleadkafkaroutes.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.api.IdRequests.IdRequest;
import io.smartleadkafkaroutes.model.ContactRecord;
import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRechecksTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final PendingRechecks rechecks = new PendingRechecks(true, Duration.ofMinutes(5), 2, clock);

    @Test
    void should_ask_again_for_pending_contacts_once_their_delay_is_up_grouped_by_filter() {
        rechecks.track(List.of(contact("a", 1, EmailStatus.PENDING)));
        rechecks.track(List.of(contact("b", 1, EmailStatus.PENDING)));
        rechecks.track(List.of(contact("c", 2, EmailStatus.PENDING)));
        rechecks.track(List.of(contact("d", 1, EmailStatus.VERIFIED)));

        assertThat(rechecks.due()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        List<IdRequest> due = rechecks.due();

        assertThat(due).hasSize(2);
        assertThat(due).filteredOn(request -> request.filterId() == 1).singleElement()
                .satisfies(request -> assertThat(request.ids()).containsExactlyInAnyOrder("a", "b"));
        assertThat(rechecks.due()).as("not due again until the look comes back").isEmpty();
    }

    @Test
    void should_forget_a_contact_that_finished_and_give_up_after_the_maximum_checks() {
        rechecks.track(List.of(contact("done", 1, EmailStatus.PENDING)));
        rechecks.track(List.of(contact("done", 1, EmailStatus.INVALID)));
        rechecks.track(List.of(contact("stuck", 1, EmailStatus.PENDING)));
        rechecks.track(List.of(contact("stuck", 1, EmailStatus.PENDING)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(rechecks.due()).singleElement()
                .satisfies(request -> assertThat(request.ids()).containsExactly("stuck"));

        rechecks.track(List.of(contact("stuck", 1, EmailStatus.PENDING)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(rechecks.due()).as("given up after 2 checks").isEmpty();
    }

    @Test
    void should_track_nothing_when_off() {
        PendingRechecks off = new PendingRechecks(false, Duration.ZERO, 3, clock);
        off.track(List.of(contact("a", 1, EmailStatus.PENDING)));
        clock.advance(Duration.ofMinutes(5));

        assertThat(off.due()).isEmpty();
    }

    private static ContactRecord contact(String id, long filterId, EmailStatus status) {
        return new ContactRecord(id, status, filterId, "poll", Instant.EPOCH, new byte[0], 1L);
    }
}
