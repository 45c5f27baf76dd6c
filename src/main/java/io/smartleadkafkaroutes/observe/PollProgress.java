package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.api.FetchReply;
import io.smartleadkafkaroutes.deadletter.DeadLetterRecord;
import io.smartleadkafkaroutes.enrich.ContactRecord;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
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
        PollOutcome outcome = cursor != null && cursor.complete() ? PollOutcome.COMPLETED
                : running ? PollOutcome.FAILED : PollOutcome.STOPPED;
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - poll.startedNanos());
        metrics.pollFinished(poll.filterId(), outcome, took);
        LOG.info("Filter {}: poll {} {} in {} s; published {} ({}), unchanged {}, dead letters {}", poll.filterId(),
                poll.pollId(), outcome.code(), String.format(Locale.ROOT, "%.2f", took.toMillis() / 1000.0), poll.publishedInAll(),
                perCategory(poll), Math.max(0, poll.contactsRead() - poll.publishedInAll() - poll.deadLetters()),
                poll.deadLetters());
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
