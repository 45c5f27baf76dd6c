package io.smartleadkafkaroutes.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.model.ContactRecord;
import io.smartleadkafkaroutes.model.EmailStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The memory's rules: what a page publishes, what moves, and when a contact missing from its filter leaves it. */
class PublishedContactsTest {

    private static final long FILTER = 7;
    private static final long OTHER_FILTER = 8;
    private static final List<String> TOPICS = List.of("verified", "invalid", "unknown");

    private final PublishedContacts memory = new PublishedContacts(true, new RemovalRule(2, 50, 4), TOPICS,
            List.of(FILTER, OTHER_FILTER), 1 << 20);

    @Test
    void should_publish_a_new_contact_and_remember_its_topic_and_filter() {
        ContactUpdate update = memory.update(contact("a", FILTER, 1L), "verified", false);

        assertThat(update.send()).isTrue();
        assertThat(update.tombstoneTopics()).isEmpty();
        assertThat(update.remembered()).isEqualTo(RememberedContact.of(1L, "verified", List.of(FILTER)));
    }

    @Test
    void should_leave_an_unchanged_contact_out_and_the_memory_as_it_is() {
        publish(contact("a", FILTER, 1L), "verified");

        ContactUpdate again = memory.update(contact("a", FILTER, 1L), "verified", false);

        assertThat(again.send()).isFalse();
        assertThat(again.remembered()).as("nothing to write").isNull();
    }

    @Test
    void should_publish_a_moved_contact_with_a_tombstone_on_its_old_topic() {
        publish(contact("a", FILTER, 1L), "verified");

        ContactUpdate moved = memory.update(contact("a", FILTER, 2L), "invalid", false);

        assertThat(moved.send()).isTrue();
        assertThat(moved.tombstoneTopics()).containsExactly("verified");
        assertThat(moved.remembered().topic()).isEqualTo("invalid");
    }

    @Test
    void should_move_an_unchanged_contact_whose_category_topic_was_remapped() {
        publish(contact("a", FILTER, 1L), "verified");

        ContactUpdate remapped = memory.update(contact("a", FILTER, 1L), "crm.leads", false);

        assertThat(remapped.send()).isTrue();
        assertThat(remapped.tombstoneTopics()).containsExactly("verified");
    }

    @Test
    void should_publish_a_contact_asked_for_even_unchanged_without_a_tombstone() {
        publish(contact("a", FILTER, 1L), "verified");

        ContactUpdate forced = memory.update(contact("a", FILTER, 1L), "verified", true);

        assertThat(forced.send()).isTrue();
        assertThat(forced.tombstoneTopics()).isEmpty();
    }

    @Test
    void should_note_a_second_filter_without_publishing_again() {
        publish(contact("a", FILTER, 1L), "verified");

        ContactUpdate seenInOther = memory.update(contact("a", OTHER_FILTER, 1L), "verified", false);

        assertThat(seenInOther.send()).isFalse();
        assertThat(seenInOther.remembered()).isEqualTo(RememberedContact.of(1L, "verified", List.of(FILTER, OTHER_FILTER)));
    }

    @Test
    void should_not_republish_an_unchanged_contact_an_earlier_release_remembered_but_rewrite_its_memory() {
        memory.apply("a", RememberedContact.legacy(1L));

        ContactUpdate upgraded = memory.update(contact("a", FILTER, 1L), "verified", false);

        assertThat(upgraded.send()).isFalse();
        assertThat(upgraded.remembered()).as("every configured filter, as the earlier release knew none")
                .isEqualTo(RememberedContact.of(1L, "verified", List.of(FILTER, OTHER_FILTER)));
    }

    @Test
    void should_tombstone_every_other_category_topic_for_a_changed_contact_an_earlier_release_remembered() {
        memory.apply("a", RememberedContact.legacy(1L));

        ContactUpdate changed = memory.update(contact("a", FILTER, 2L), "invalid", false);

        assertThat(changed.send()).isTrue();
        assertThat(changed.tombstoneTopics()).containsExactly("verified", "unknown");
    }

    @Test
    void should_count_a_contact_an_earlier_release_remembered_as_held_by_every_configured_filter_and_no_other() {
        memory.apply("a", RememberedContact.legacy(1L));

        assertThat(memory.departures(Set.of(), FILTER, "poll").held()).as("a configured filter").isEqualTo(1);
        assertThat(memory.departures(Set.of(), 99, "poll").held()).as("not a configured filter").isZero();
    }

    @Test
    void should_let_a_contact_leave_only_once_missing_from_two_complete_polls_in_a_row() {
        List<String> ids = publishMany(10, FILTER);
        Set<String> allButOne = Set.copyOf(ids.subList(1, 10));

        Departures first = departures(allButOne);
        Departures second = departures(allButOne);

        assertThat(first.missing()).isEqualTo(1);
        assertThat(first.departures()).isEmpty();
        assertThat(second.departures()).singleElement().satisfies(departure -> {
            assertThat(departure.id()).isEqualTo(ids.get(0));
            assertThat(departure.tombstoneTopics()).containsExactly("verified");
            assertThat(departure.leftEveryFilter()).isTrue();
        });
    }

    @Test
    void should_forget_a_miss_when_the_contact_is_back_in_the_next_poll() {
        List<String> ids = publishMany(10, FILTER);

        departures(Set.copyOf(ids.subList(1, 10)));
        departures(Set.copyOf(ids));
        Departures afterReturn = departures(Set.copyOf(ids.subList(1, 10)));

        assertThat(afterReturn.departures()).as("missing once since it came back").isEmpty();
    }

    @Test
    void should_delete_nothing_after_one_empty_reply_and_honour_a_real_emptying_after_the_bulk_confirmations() {
        List<String> ids = publishMany(10, FILTER);

        Departures glitch = departures(Set.of());
        Departures recovered = departures(Set.copyOf(ids));
        List<Integer> departedPerPoll = IntStream.range(0, 4).mapToObj(poll -> departures(Set.of()))
                .map(found -> found.departures().size()).toList();

        assertThat(glitch.departures()).isEmpty();
        assertThat(glitch.pollsNeeded()).isEqualTo(4);
        assertThat(recovered.missing()).isZero();
        assertThat(departedPerPoll).containsExactly(0, 0, 0, 10);
    }

    @Test
    void should_keep_a_contact_another_configured_filter_holds_without_a_tombstone() {
        publish(contact("a", FILTER, 1L), "verified");
        publish(contact("a", OTHER_FILTER, 1L), "verified");
        List<String> others = publishMany(9, FILTER);

        departures(Set.copyOf(others));
        Departures left = departures(Set.copyOf(others));

        assertThat(left.departures()).singleElement().satisfies(departure -> {
            assertThat(departure.leftEveryFilter()).isFalse();
            assertThat(departure.tombstoneTopics()).isEmpty();
            assertThat(departure.remembered()).isEqualTo(RememberedContact.of(1L, "verified", List.of(OTHER_FILTER)));
        });
    }

    @Test
    void should_tombstone_a_contact_whose_only_other_filter_is_no_longer_configured() {
        PublishedContacts narrowed = new PublishedContacts(true, new RemovalRule(1, 100, 1), TOPICS, List.of(FILTER), 1 << 20);
        narrowed.apply("a", RememberedContact.of(1L, "verified", List.of(FILTER, 99L)));
        narrowed.apply("b", RememberedContact.of(1L, "verified", List.of(99L)));

        Departures left = narrowed.departures(Set.of(), FILTER, "poll");

        assertThat(left.departures()).extracting(Departure::id).as("b, of the unconfigured filter alone, stays")
                .containsExactly("a");
        assertThat(left.departures().get(0).leftEveryFilter()).isTrue();
    }

    @Test
    void should_say_it_is_full_and_let_no_poll_run_once_a_contact_more_does_not_fit() {
        PublishedContacts small = new PublishedContacts(true, new RemovalRule(2, 50, 4), TOPICS, List.of(FILTER),
                24 * 4_000);
        int remembered = 0;
        while (small.full() == null) {
            ContactRecord contact = contact(String.format("5f22b0c8cff47e00%08x", remembered++), FILTER, 1L);
            small.remember(List.of(small.update(contact, "verified", false).memoryWrite()));
        }

        assertThat(small.full()).contains("the memory of published contacts is full at", "smartlead.dedup.max-heap-share");
        assertThat(small.awaitLoaded()).as("no poll runs").isFalse();
        assertThat(small.size()).as("grown while old and new arrays fit, then filled").isEqualTo(remembered - 1)
                .isGreaterThan(2_000);
        assertThat(small.bytes()).isLessThanOrEqualTo(24 * 4_000);
    }

    private Departures departures(Set<String> seen) {
        Departures found = memory.departures(seen, FILTER, "poll");
        memory.departed(found);
        return found;
    }

    private List<String> publishMany(int count, long filterId) {
        List<String> ids = IntStream.range(0, count).mapToObj(index -> "c" + index).collect(Collectors.toList());
        ids.forEach(id -> publish(contact(id, filterId, 1L), "verified"));
        return ids;
    }

    private void publish(ContactRecord contact, String topic) {
        memory.remember(List.of(memory.update(contact, topic, false).memoryWrite()));
    }

    private static ContactRecord contact(String id, long filterId, long fingerprint) {
        return new ContactRecord(id, EmailStatus.VERIFIED, filterId, "poll", Instant.EPOCH, new byte[0], fingerprint);
    }
}
