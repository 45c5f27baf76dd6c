package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.paging.FilterPoll;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.Running;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.dedup.Departure;
import io.smartleadkafkaroutes.dedup.Departures;
import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.publish.PageNotPublishedException;
import io.smartleadkafkaroutes.publish.PreparedPage;
import io.smartleadkafkaroutes.publish.PagePublisher.PublishedDepartures;
import io.smartleadkafkaroutes.publish.PagePublisher.PublishedPage;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each poll of a filter: one INFO line per page and one summary line per poll, so a person
 * watching the log sees progress, and the matching metrics. No contact data is logged.
 */
public final class PollProgress {

    private static final Logger LOG = LoggerFactory.getLogger(PollProgress.class);

    private final BundleMetrics metrics;
    private final LongSupplier nanoTime;
    private final LongFunction<PageCursor> cursors;

    /** {@code cursors}: a new walk through a filter's pages, for each poll of it. */
    public PollProgress(BundleMetrics metrics, LongSupplier nanoTime, LongFunction<PageCursor> cursors) {
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.cursors = cursors;
    }

    /** The header that makes a poll a resync: every contact published, changed or not. */
    public static final String RESYNC = "SmartleadResync";

    /** A poll of the filter begins: its walk through the pages, at the first page, and its counts. */
    public FilterPoll begin(@ExchangeProperty("pollId") String pollId, @Body long filterId,
            @Header(RESYNC) Boolean resync) {
        if (Boolean.TRUE.equals(resync)) {
            LOG.info("Filter {}: resync {} asked for on the request topic: every contact is published again", filterId,
                    pollId);
        }
        return new FilterPoll(pollId, filterId, nanoTime.getAsLong(), cursors.apply(filterId), Boolean.TRUE.equals(resync));
    }

    /** The poll did not read the whole selection: nobody leaves the filter after it. */
    public void removalsWithheld(@ExchangeProperty("filterPoll") FilterPoll poll) {
        metrics.removalsWithheld();
        LOG.info("Filter {}: nobody leaves the filter after this poll: {}", poll.filterId(),
                poll.cursor().notWholeSelection().orElse("it was not read whole"));
    }

    /** The contacts that left the filter, tombstoned, or kept for the next poll when that could not commit. */
    public void departed(@Body PublishedDepartures published) {
        Departures departures = published.departures();
        if (published.committed()) {
            metrics.tombstonesWritten(BundleMetrics.LEFT, published.tombstones());
        }
        if (departures.missing() > 0) {
            long leftEvery = departures.departures().stream().filter(Departure::leftEveryFilter).count();
            LOG.info("Filter {}: {} of its {} contacts were missing from this complete poll; {} left it ({} of them every"
                    + " configured filter: {} tombstones{}), {} wait until missing from {} complete polls in a row",
                    departures.filterId(), departures.missing(), departures.held(), departures.departures().size(),
                    leftEvery, published.tombstones(), published.committed() ? "" : ", not committed: tried again next poll",
                    departures.waiting(), departures.pollsNeeded());
        }
    }

    public void pageRead(@ExchangeProperty("filterPoll") FilterPoll poll, @Body FetchReply reply) {
        PageCursor cursor = poll.cursor();
        poll.read(reply.rows().size());
        metrics.pageFetched();
        metrics.replyMetrics(poll.filterId(), reply.metrics());
        LOG.info("Filter {}: page {} of {} read, {} contacts (total {})", poll.filterId(), cursor.pagesRead(),
                cursor.pageCount(), reply.rows().size(), reply.totalCount());
        int missing = cursor.expectedRows(reply) - reply.rows().size();
        if (missing > 0) {
            poll.countMissing(missing);
            metrics.contactsMissing(missing);
            LOG.warn("Filter {}: the page at offset {} holds {} contacts where total_count {} promises {}; {} missing",
                    poll.filterId(), reply.request().visualOffset(), reply.rows().size(), reply.totalCount(),
                    cursor.expectedRows(reply), missing);
        }
    }

    /**
     * A page's transaction was committed: its contacts published, by category, and those left out as
     * unchanged or repeated; {@code poll} is null for contacts fetched by id.
     */
    public void published(@ExchangeProperty("filterPoll") FilterPoll poll, @Body PublishedPage page) {
        int[] byCategory = new int[EmailStatus.values().length];
        page.published().forEach(record -> byCategory[record.emailStatus().ordinal()]++);
        for (EmailStatus category : EmailStatus.values()) {
            metrics.published(category, byCategory[category.ordinal()]);
        }
        metrics.contactsUnchanged(page.unchanged());
        metrics.tombstonesWritten(BundleMetrics.MOVED, page.movedAway());
        metrics.contactsDuplicated(page.duplicates());
        if (poll != null) {
            poll.countPublished(byCategory);
            poll.countPrepared(page.unchanged(), page.duplicates());
        }
    }

    /**
     * A page's transaction could not commit (no broker in time, fenced): none of its contacts is remembered
     * as published, so the next poll sends them again; the poll counts as failed.
     */
    public void pageNotPublished(@ExchangeProperty("filterPoll") FilterPoll poll,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) PageNotPublishedException failure) {
        notPublished(poll, failure.page());
        LOG.warn("Filter {}: {}; the next poll sends them again", failure.page().filterId(), failure.getMessage());
    }

    /** A page prepared while an earlier one could not be published is not published either: the next poll reads it again. */
    public void pageSkipped(@ExchangeProperty("filterPoll") FilterPoll poll, @Body PreparedPage page) {
        notPublished(poll, page);
    }

    private void notPublished(FilterPoll poll, PreparedPage page) {
        metrics.contactsSendFailed(page.records().size());
        metrics.contactsDuplicated(page.duplicates());
        if (poll != null) {
            poll.countFailed(page.records().size());
            poll.countPrepared(0, page.duplicates());
        }
    }

    /** A dead letter could not be written either: the poll fails, and says so at ERROR. */
    public void deadLetterLost(@ExchangeProperty("filterPoll") FilterPoll poll, @ExchangeProperty("filterId") Long filterId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        metrics.deadLetterLost();
        if (poll != null) {
            poll.countDeadLetterLost();
        }
        LOG.error("Filter {}: a dead letter could not be written to Kafka: {}", filterId, failure.toString());
    }

    /** A dead letter was written (the headers are the record's: {@link KafkaRecords#deadLetter}); {@code poll} is null outside polls. */
    public void deadLettered(@ExchangeProperty("filterPoll") FilterPoll poll,
            @Header(KafkaRecords.ERROR_REASON) String reason) {
        deadLettered(poll, DeadLetterReason.ofCode(reason));
    }

    private void deadLettered(FilterPoll poll, DeadLetterReason reason) {
        metrics.deadLettered(reason);
        if (poll != null) {
            poll.countDeadLetter();
        }
    }

    /** The poll of the filter is over, however it ended. */
    public PollOutcome finished(@ExchangeProperty("filterPoll") FilterPoll poll, CamelContext context) {
        return finished(poll, Running.running(context));
    }

    /** {@code running} is false while the application stops. */
    PollOutcome finished(FilterPoll poll, boolean running) {
        boolean everythingDelivered = poll.failed() == 0 && poll.deadLettersLost() == 0;
        PollOutcome outcome = poll.cursor().complete() && everythingDelivered ? PollOutcome.COMPLETED
                : running ? PollOutcome.FAILED : PollOutcome.STOPPED;
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - poll.startedNanos());
        metrics.pollFinished(poll.filterId(), outcome, took);
        String summary = String.format(Locale.ROOT, "Filter %d: poll %s %s in %.2f s; read %d, published %d (%s),"
                        + " unchanged %d, duplicates %d, failed %d, dead letters %d, dead letters lost %d, missing %d",
                poll.filterId(), poll.pollId(), outcome.code(), took.toMillis() / 1000.0, poll.contactsRead(),
                poll.publishedInAll(), perCategory(poll), poll.unchanged(), poll.duplicates(), poll.failed(),
                poll.deadLetters(), poll.deadLettersLost(), poll.missing());
        if (everythingDelivered) {
            LOG.info(summary);
        } else {
            LOG.warn(summary);
        }
        return outcome;
    }

    private static String perCategory(FilterPoll poll) {
        StringJoiner counts = new StringJoiner(", ");
        for (EmailStatus category : EmailStatus.values()) {
            counts.add(category.setting() + " " + poll.published(category));
        }
        return counts.toString();
    }
}
