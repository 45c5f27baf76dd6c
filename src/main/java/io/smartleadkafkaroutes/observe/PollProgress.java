package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
import io.smartleadkafkaroutes.publish.PagePreparation.PreparedPage;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.LongSupplier;
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

    public PollProgress(BundleMetrics metrics, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    public FilterPoll begin(String pollId, long filterId) {
        return new FilterPoll(pollId, filterId, nanoTime.getAsLong());
    }

    public void pageRead(FilterPoll poll, PageCursor cursor, FetchReply reply) {
        poll.read(reply.contacts().size());
        metrics.pageFetched(poll.filterId());
        metrics.replyMetrics(poll.filterId(), reply.metrics());
        LOG.info("Filter {}: page {} of {} read, {} contacts (total {})", poll.filterId(), cursor.pagesRead(),
                cursor.pageCount(), reply.contacts().size(), reply.totalCount());
        int missing = cursor.expectedRows(reply) - reply.contacts().size();
        if (missing > 0) {
            poll.countMissing(missing);
            metrics.contactsMissing(poll.filterId(), missing);
            LOG.warn("Filter {}: the page at offset {} holds {} contacts where total_count {} promises {}; {} missing",
                    poll.filterId(), reply.request().visualOffset(), reply.contacts().size(), reply.totalCount(),
                    cursor.expectedRows(reply), missing);
        }
    }

    /** A page was prepared: what it left out as unchanged or repeated; {@code poll} is null for contacts fetched by id. */
    public void prepared(FilterPoll poll, PreparedPage page) {
        long filterId = page.filterId();
        metrics.contactsUnchanged(filterId, page.unchanged());
        metrics.contactsDuplicated(filterId, page.duplicates());
        if (poll != null) {
            poll.countPrepared(page.unchanged(), page.duplicates());
        }
    }

    /**
     * Kafka did not take a contact record (no broker, a timeout): it is not remembered as published, so
     * the next poll sends it again; the poll counts as failed.
     */
    public void sendFailed(FilterPoll poll, ContactRecord record, Exception failure) {
        metrics.contactSendFailed(record.filterId());
        if (poll != null) {
            poll.countFailed();
        }
        LOG.debug("Filter {}: a contact record was not sent: {}", record.filterId(), failure.toString());
    }

    /** A dead letter could not be written either: the poll fails, and says so at ERROR. */
    public void deadLetterLost(FilterPoll poll, Long filterId, Exception failure) {
        metrics.deadLetterLost(filterId);
        if (poll != null) {
            poll.countDeadLetterLost();
        }
        LOG.error("Filter {}: a dead letter could not be written to Kafka: {}", filterId, failure.toString());
    }

    /** A contact record was acknowledged; {@code poll} is null for contacts fetched by id. */
    public void published(FilterPoll poll, ContactRecord record) {
        metrics.published(record.filterId(), record.emailStatus());
        if (poll != null) {
            poll.countPublished(record.emailStatus());
        }
    }

    /** A dead letter was written; {@code poll} is null outside polls. */
    public void deadLettered(FilterPoll poll, DeadLetterRecord record) {
        metrics.deadLettered(record.filterId(), record.reason());
        if (poll != null) {
            poll.countDeadLetter();
        }
    }

    /** The poll of the filter is over, however it ended; {@code running} is false while the application stops. */
    public PollOutcome finished(FilterPoll poll, PageCursor cursor, boolean running) {
        boolean everythingDelivered = poll.failed() == 0 && poll.deadLettersLost() == 0;
        PollOutcome outcome = cursor != null && cursor.complete() && everythingDelivered ? PollOutcome.COMPLETED
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
