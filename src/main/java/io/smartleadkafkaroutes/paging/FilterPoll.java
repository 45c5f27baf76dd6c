package io.smartleadkafkaroutes.paging;

import io.smartleadkafkaroutes.model.EmailStatus;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One poll of one filter: where its walk through the pages is (its {@link PageCursor}) and what it has done
 * so far. Pages are fetched while others are published, and dead
 * letters are counted as they are written, so the counts are atomic.
 */
public final class FilterPoll {

    private final String pollId;
    private final long filterId;
    private final long startedNanos;
    private final PageCursor cursor;
    private final boolean resync;
    private final AtomicLong contactsRead = new AtomicLong();
    private final AtomicLongArray published = new AtomicLongArray(EmailStatus.values().length);
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong deadLettersLost = new AtomicLong();

    public FilterPoll(String pollId, long filterId, long startedNanos, PageCursor cursor, boolean resync) {
        this.pollId = pollId;
        this.filterId = filterId;
        this.startedNanos = startedNanos;
        this.cursor = cursor;
        this.resync = resync;
    }

    /** A resync asked for on the request topic: every contact is published, changed or not. */
    public boolean resync() {
        return resync;
    }

    /** The walk through the filter's pages. */
    public PageCursor cursor() {
        return cursor;
    }

    public String pollId() {
        return pollId;
    }

    public long filterId() {
        return filterId;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public void read(int contacts) {
        contactsRead.addAndGet(contacts);
    }

    /** Contacts published, counted by category: {@code byCategory} is indexed by {@link EmailStatus#ordinal()}. */
    public void countPublished(int[] byCategory) {
        for (int category = 0; category < byCategory.length; category++) {
            published.addAndGet(category, byCategory[category]);
        }
    }

    public void countDeadLetter() {
        deadLetters.incrementAndGet();
    }

    public void countPrepared(int unchangedOnPage, int duplicatesOnPage) {
        unchanged.addAndGet(unchangedOnPage);
        duplicates.addAndGet(duplicatesOnPage);
    }

    public void countFailed(int contacts) {
        failed.addAndGet(contacts);
    }

    public void countMissing(int rows) {
        missing.addAndGet(rows);
    }

    public void countDeadLetterLost() {
        deadLettersLost.incrementAndGet();
    }

    public long contactsRead() {
        return contactsRead.get();
    }

    public long unchanged() {
        return unchanged.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long failed() {
        return failed.get();
    }

    public long missing() {
        return missing.get();
    }

    public long deadLettersLost() {
        return deadLettersLost.get();
    }

    public long published(EmailStatus category) {
        return published.get(category.ordinal());
    }

    public long publishedInAll() {
        long all = 0;
        for (EmailStatus category : EmailStatus.values()) {
            all += published(category);
        }
        return all;
    }

    public long deadLetters() {
        return deadLetters.get();
    }
}
