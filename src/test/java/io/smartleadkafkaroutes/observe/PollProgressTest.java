package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.support.Replies;
import io.smartleadkafkaroutes.paging.FilterPoll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.ContactRecord;
import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
import io.smartleadkafkaroutes.publish.PageNotPublishedException;
import io.smartleadkafkaroutes.publish.PreparedContact;
import io.smartleadkafkaroutes.publish.PreparedPage;
import io.smartleadkafkaroutes.publish.PagePublisher.PublishedPage;
import io.smartleadkafkaroutes.retry.RetryPolicy;
import io.smartleadkafkaroutes.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PollProgressTest {

    private static final long FILTER = 327105;
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(START);
    private final AtomicLong nanos = new AtomicLong();
    /** The page size of the walks the polls begin with. */
    private int pageSize = 500;
    private final PollProgress progress = new PollProgress(
            new BundleMetrics(registry, clock, List.of(FILTER), RetryPolicy.CAUSES, true), nanos::get, this::cursor);

    private PageCursor cursor(long filterId) {
        return new PageCursor(filterId, 1000, pageSize);
    }

    private static FetchReply reply(FetchRequest request, int totalCount, String metrics) throws Exception {
        JsonNode contact = JSON.readTree("{\"id\":\"c\"}");
        return Replies.page(request, Collections.nCopies(request.visualLimit(), contact), totalCount,
                JSON.readTree(metrics), START);
    }

    private double polls(String outcome) {
        return registry.get("smartlead.polls").tags("filter", Long.toString(FILTER), "outcome", outcome).counter().count();
    }

    private double lastSuccess() {
        return registry.get("smartlead.last.success.timestamp").tag("filter", Long.toString(FILTER)).gauge().value();
    }

    /** A poll whose walk read its one page, an empty selection, and published it. */
    private static FilterPoll completed(FilterPoll poll) {
        PageCursor cursor = poll.cursor();
        FetchRequest request = cursor.nextRequests(1).get(0);
        cursor.pageRead(Replies.empty(request, 0, START));
        cursor.takePages();
        return poll;
    }

    private List<String> apiGauges() {
        return registry.getMeters().stream().map(meter -> meter.getId().getName())
                .filter(name -> name.startsWith("smartlead.api.")).toList();
    }

    @Test
    void should_show_every_series_of_known_labels_at_zero_before_the_first_poll() {
        for (PollOutcome outcome : PollOutcome.values()) {
            assertThat(polls(outcome.code())).as(outcome.code()).isZero();
        }
        assertThat(registry.find("smartlead.contacts.published").counters())
                .extracting(counter -> counter.getId().getTag("category"))
                .containsExactlyInAnyOrder("verified", "catch-all", "invalid", "no-email", "pending", "unknown");
        assertThat(registry.find("smartlead.dead.letters").counters())
                .extracting(counter -> counter.getId().getTag("reason"))
                .containsExactlyInAnyOrder("api-rejected", "http-error", "malformed-response", "fetch-failed",
                        "invalid-contact", "record-refused", "reply-too-large", "invalid-request",
                        "fetch-request-too-large", "unrouted");
        assertThat(registry.find("smartlead.contacts.not.published").counters())
                .extracting(counter -> counter.getId().getTag("outcome"))
                .containsExactlyInAnyOrder("unchanged", "duplicate", "send-failed", "missing");
        assertThat(registry.find("smartlead.http.retries").counters())
                .extracting(counter -> counter.getId().getTag("cause"))
                .containsExactlyInAnyOrder("429", "500", "502", "503", "504", "no-reply");
        assertThat(registry.find("smartlead.tombstones").counters())
                .extracting(counter -> counter.getId().getTag("reason")).containsExactlyInAnyOrder("moved", "left");
        assertThat(registry.getMeters()).filteredOn(meter -> meter instanceof Counter)
                .allMatch(counter -> ((Counter) counter).count() == 0);
        assertThat(registry.get("smartlead.dead.letters.lost").counter().count()).isZero();
        assertThat(registry.get("smartlead.pages.fetched").counter().count()).isZero();
        assertThat(registry.get("smartlead.poll.duration").timer().count()).isZero();
        assertThat(registry.get("smartlead.removals.withheld").counter().count()).isZero();
        assertThat(lastSuccess()).isZero();
        assertThat(apiGauges()).as("nothing the API has not said yet").isEmpty();
    }

    @Test
    void should_label_only_the_last_success_the_polls_and_the_requests_with_the_filter() {
        assertThat(registry.getMeters()).filteredOn(meter -> meter.getId().getTag("filter") != null)
                .extracting(meter -> meter.getId().getName()).containsOnly("smartlead.last.success.timestamp",
                        "smartlead.polls", "smartlead.http.requests")
                .hasSize(1 + PollOutcome.values().length + 2);
    }

    @Test
    void should_count_requests_per_configured_filter_and_those_for_any_other_filter_together() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BundleMetrics metrics = new BundleMetrics(meters, clock, List.of(FILTER), RetryPolicy.CAUSES, true);
        assertThat(meters.get("smartlead.http.requests").tag("filter", BundleMetrics.OTHER_FILTER).counter().count())
                .as("there from the start").isZero();

        metrics.httpRequest(FILTER);
        metrics.httpRequest(FILTER);
        metrics.httpRequest(4242);
        metrics.httpRequest(4243);

        assertThat(meters.get("smartlead.http.requests").tag("filter", Long.toString(FILTER)).counter().count())
                .isEqualTo(2);
        assertThat(meters.get("smartlead.http.requests").tag("filter", BundleMetrics.OTHER_FILTER).counter().count())
                .isEqualTo(2);
        assertThat(meters.get("smartlead.http.requests").counters()).hasSize(2);
    }

    @Test
    void should_count_every_request_in_one_total_when_per_filter_series_are_off() {
        SimpleMeterRegistry totals = new SimpleMeterRegistry();
        BundleMetrics metrics = new BundleMetrics(totals, clock, List.of(FILTER), RetryPolicy.CAUSES, false);

        metrics.httpRequest(FILTER);
        metrics.httpRequest(4242);

        assertThat(totals.get("smartlead.http.requests").counters()).singleElement()
                .satisfies(requests -> assertThat(requests.getId().getTags()).isEmpty())
                .satisfies(requests -> assertThat(requests.count()).isEqualTo(2));
    }

    @Test
    void should_show_totals_only_with_the_oldest_last_success_when_per_filter_series_are_off() {
        SimpleMeterRegistry totals = new SimpleMeterRegistry();
        long other = FILTER + 1;
        PollProgress withoutFilters = new PollProgress(
                new BundleMetrics(totals, clock, List.of(FILTER, other), RetryPolicy.CAUSES, false), nanos::get,
                this::cursor);

        withoutFilters.finished(completed(withoutFilters.begin("poll-1", FILTER, null)), true);
        assertThat(totals.get("smartlead.last.success.timestamp").gauge().value()).as("the other filter never completed")
                .isZero();
        clock.advance(Duration.ofSeconds(60));
        withoutFilters.finished(completed(withoutFilters.begin("poll-1", other, null)), true);
        clock.advance(Duration.ofSeconds(60));
        withoutFilters.finished(completed(withoutFilters.begin("poll-2", other, null)), true);

        assertThat(totals.getMeters()).isNotEmpty().allMatch(meter -> meter.getId().getTag("filter") == null);
        assertThat(totals.get("smartlead.polls").tag("outcome", "completed").counter().count()).isEqualTo(3);
        assertThat(totals.get("smartlead.last.success.timestamp").gauge().value()).as("the oldest: the first filter's")
                .isEqualTo(START.getEpochSecond());
    }

    @Test
    void should_count_a_poll_that_read_every_page_as_completed_and_note_when_it_completed() throws Exception {
        FilterPoll poll = progress.begin("poll-1", FILTER, null);
        PageCursor cursor = poll.cursor();
        clock.advance(Duration.ofMillis(90_500));

        for (int round = 0; round < 2; round++) {
            FetchReply page = reply(cursor.nextRequests(1).get(0), 1000,
                    "{\"totalContacts\":1000,\"completed\":\"n/a\",\"note\":7}");
            cursor.pageRead(page);
            progress.pageRead(poll, page);
            cursor.takePages();
        }
        nanos.addAndGet(Duration.ofMillis(2500).toNanos());
        PollOutcome outcome = progress.finished(poll, true);

        assertThat(outcome).isEqualTo(PollOutcome.COMPLETED);
        assertThat(polls("completed")).isEqualTo(1);
        assertThat(lastSuccess()).isEqualTo(START.getEpochSecond() + 90.5);
        assertThat(registry.get("smartlead.pages.fetched").counter().count()).isEqualTo(2);
        assertThat(registry.get("smartlead.poll.duration").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(2500);
        assertThat(registry.get("smartlead.poll.duration").timer().takeSnapshot().histogramCounts())
                .as("a histogram: the poll in the buckets from 5 s up").hasSize(BundleMetrics.POLL_DURATION_BUCKETS.size())
                .allSatisfy(bucket -> assertThat(bucket.count()).isEqualTo(bucket.bucket(TimeUnit.SECONDS) < 2.5 ? 0 : 1));
        assertThat(registry.get("smartlead.api.total.contacts").gauge().value()).as("the last reply's").isEqualTo(1000);
        assertThat(apiGauges()).as("neither a field not a number nor an unknown field").containsExactly(
                "smartlead.api.total.contacts");
    }

    @Test
    void should_sum_each_field_of_the_reply_metrics_over_the_last_reply_of_each_filter() throws Exception {
        long other = FILTER + 1;
        readOnePage(FILTER, "{\"totalContacts\":600,\"verifiedEmails\":3}");
        readOnePage(other, "{\"totalContacts\":50,\"verifiedEmails\":1}");
        readOnePage(FILTER, "{\"totalContacts\":700,\"verifiedEmails\":2}");

        assertThat(registry.get("smartlead.api.total.contacts").gauge().value()).isEqualTo(750);
        assertThat(registry.get("smartlead.api.verified.emails").gauge().value()).isEqualTo(3);
    }

    private void readOnePage(long filterId, String metrics) throws Exception {
        FilterPoll poll = progress.begin("poll-1", filterId, null);
        FetchReply page = reply(poll.cursor().nextRequests(1).get(0), 10, metrics);
        poll.cursor().pageRead(page);
        progress.pageRead(poll, page);
    }

    @Test
    void should_count_a_poll_ended_by_a_failed_page_as_failed_and_one_cut_short_by_a_stop_as_stopped() {
        FilterPoll failed = progress.begin("poll-1", FILTER, null);
        FilterPoll stopped = progress.begin("poll-2", FILTER, null);
        for (FilterPoll poll : List.of(failed, stopped)) {
            poll.cursor().nextRequests(1);
            // the first page became a dead letter: the walk ends
            poll.cursor().stop();
            poll.cursor().takePages();
        }

        assertThat(progress.finished(failed, true)).isEqualTo(PollOutcome.FAILED);
        assertThat(progress.finished(stopped, false)).isEqualTo(PollOutcome.STOPPED);
        assertThat(progress.finished(progress.begin("poll-3", FILTER, null), true)).as("no page read at all")
                .isEqualTo(PollOutcome.FAILED);

        assertThat(polls("failed")).isEqualTo(2);
        assertThat(polls("stopped")).isEqualTo(1);
        assertThat(polls("completed")).isZero();
        assertThat(lastSuccess()).as("no poll completed yet").isZero();
    }

    @Test
    void should_count_published_contacts_and_dead_letters_also_outside_polls() {
        FilterPoll poll = progress.begin("poll-1", FILTER, null);
        ContactRecord verified = new ContactRecord("1", EmailStatus.VERIFIED, FILTER, "poll-1", START, new byte[0], 1L);
        PublishedPage page = new PublishedPage(FILTER, List.of(verified), 3, 2, List.of(), 0);
        progress.published(poll, page);
        progress.published(null, page);
        progress.deadLettered(null, DeadLetterReason.INVALID_REQUEST.code());

        assertThat(poll.published(EmailStatus.VERIFIED)).isEqualTo(1);
        assertThat(registry.get("smartlead.contacts.published").tags("category", "verified").counter().count())
                .isEqualTo(2);
        assertThat(poll.unchanged()).isEqualTo(3);
        assertThat(poll.duplicates()).isEqualTo(2);
        assertThat(registry.get("smartlead.contacts.not.published").tags("outcome", "unchanged").counter().count())
                .isEqualTo(6);
        assertThat(registry.get("smartlead.dead.letters").tags("reason", "invalid-request").counter().count())
                .isEqualTo(1);
    }

    @Test
    void should_count_the_rows_a_short_page_lacks_against_total_count() throws Exception {
        pageSize = 50;
        FilterPoll poll = progress.begin("poll-1", FILTER, null);
        poll.cursor().nextRequests(1);
        FetchReply shortPage = Replies.page(new FetchRequest(FILTER, 1000, 50, 0),
                Collections.nCopies(25, JSON.readTree("{\"id\":\"c\"}")), 300, null, START);

        poll.cursor().pageRead(shortPage);
        progress.pageRead(poll, shortPage);

        assertThat(poll.missing()).isEqualTo(25);
        assertThat(registry.get("smartlead.contacts.not.published").tags("outcome", "missing").counter().count())
                .isEqualTo(25);
    }

    @Test
    void should_fail_a_poll_whose_page_kafka_did_not_commit_or_whose_dead_letter_was_lost() {
        FilterPoll notSent = completed(progress.begin("poll-1", FILTER, null));
        FilterPoll deadLetterLost = completed(progress.begin("poll-2", FILTER, null));
        ContactRecord record = new ContactRecord("1", EmailStatus.VERIFIED, FILTER, "poll-1", START, new byte[0], 1L);
        PreparedPage page = new PreparedPage(new FetchRequest(FILTER, 10, 10, 0), false, List.of(), 0);
        page.add(new PreparedContact(record, "contacts"));
        page.add(new PreparedContact(record, "contacts"));

        progress.pageNotPublished(notSent, new PageNotPublishedException(page, new TimeoutException("Expiring 2 record(s)")));
        progress.deadLetterLost(deadLetterLost, FILTER, new RecordTooLargeException("too large"));

        assertThat(progress.finished(notSent, true)).isEqualTo(PollOutcome.FAILED);
        assertThat(progress.finished(deadLetterLost, true)).isEqualTo(PollOutcome.FAILED);
        assertThat(progress.finished(completed(progress.begin("poll-3", FILTER, null)), true))
                .isEqualTo(PollOutcome.COMPLETED);
        assertThat(registry.get("smartlead.contacts.not.published").tags("outcome", "send-failed").counter().count())
                .as("every contact of the page").isEqualTo(2);
        assertThat(registry.get("smartlead.dead.letters.lost").counter().count()).isEqualTo(1);
    }
}
