package io.smartleadkafkaroutes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.api.FetchRequest;
import io.smartleadkafkaroutes.deadletter.DeadLetterReason;
import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.deadletter.Stage;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
import io.smartleadkafkaroutes.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollProgressTest {

    private static final long FILTER = 327105;
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(START);
    private final AtomicLong nanos = new AtomicLong();
    private final PollProgress progress = new PollProgress(new BundleMetrics(registry, clock, List.of(FILTER)),
            nanos::get);

    private static FetchReply reply(FetchRequest request, int totalCount, String metrics) throws Exception {
        JsonNode contact = JSON.readTree("{\"id\":\"c\"}");
        return new FetchReply(request, Collections.nCopies(request.visualLimit(), contact), totalCount,
                JSON.readTree(metrics), START);
    }

    private double polls(String outcome) {
        var counter = registry.find("smartlead.polls").tags("filter", Long.toString(FILTER), "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double sinceLastSuccess() {
        return registry.get("smartlead.since.last.successful.poll").tag("filter", Long.toString(FILTER)).gauge().value();
    }

    @Test
    void should_count_a_poll_that_read_every_page_as_completed_and_restart_the_time_since_success() throws Exception {
        PageCursor cursor = new PageCursor(FILTER, 1000, 500);
        FilterPoll poll = progress.begin("poll-1", FILTER);
        clock.advance(Duration.ofSeconds(90));
        assertThat(sinceLastSuccess()).isEqualTo(90.0);

        for (int round = 0; round < 2; round++) {
            FetchReply page = reply(cursor.nextRequests(1).get(0), 1000, "{\"totalContacts\":1000,\"note\":\"text\"}");
            cursor.pageRead(page);
            progress.pageRead(poll, cursor, page);
            cursor.takePages();
        }
        nanos.addAndGet(Duration.ofMillis(2500).toNanos());
        PollOutcome outcome = progress.finished(poll, cursor, true);

        assertThat(outcome).isEqualTo(PollOutcome.COMPLETED);
        assertThat(polls("completed")).isEqualTo(1);
        assertThat(sinceLastSuccess()).isZero();
        assertThat(registry.get("smartlead.pages.fetched").counter().count()).isEqualTo(2);
        assertThat(registry.get("smartlead.poll.duration").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(2500);
        assertThat(registry.get("smartlead.api.reply.metrics").tag("metric", "totalContacts").gauge().value())
                .isEqualTo(1000);
        assertThat(registry.find("smartlead.api.reply.metrics").tag("metric", "note").gauge()).isNull();
    }

    @Test
    void should_count_a_poll_ended_by_a_failed_page_as_failed_and_one_cut_short_by_a_stop_as_stopped() {
        PageCursor cursor = new PageCursor(FILTER, 1000, 500);
        cursor.nextRequests(1);
        // the first page became a dead letter
        cursor.takePages();

        assertThat(progress.finished(progress.begin("poll-1", FILTER), cursor, true)).isEqualTo(PollOutcome.FAILED);
        assertThat(progress.finished(progress.begin("poll-2", FILTER), cursor, false)).isEqualTo(PollOutcome.STOPPED);
        assertThat(progress.finished(progress.begin("poll-3", FILTER), null, true)).isEqualTo(PollOutcome.FAILED);

        assertThat(polls("failed")).isEqualTo(2);
        assertThat(polls("stopped")).isEqualTo(1);
        assertThat(polls("completed")).isZero();
    }

    @Test
    void should_count_published_contacts_and_dead_letters_also_outside_polls() {
        FilterPoll poll = progress.begin("poll-1", FILTER);
        ContactRecord verified = new ContactRecord("1", EmailStatus.VERIFIED, FILTER, "poll-1", START, new byte[0], "f");
        progress.published(poll, verified);
        progress.published(null, verified);
        progress.deadLettered(null, new DeadLetterRecord(DeadLetterReason.INVALID_REQUEST, Stage.FETCH, "unreadable",
                null, null, null, null, null, START, new byte[0]));

        assertThat(poll.published(EmailStatus.VERIFIED)).isEqualTo(1);
        assertThat(registry.get("smartlead.contacts.published").tags("category", "verified").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("smartlead.dead.letters").tags("filter", BundleMetrics.NO_FILTER).counter().count())
                .isEqualTo(1);
    }
}
