package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.enrich.EmailStatus;
import io.smartleadkafkaroutes.paging.PageCursor;
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

    FilterPoll(String pollId, long filterId, long startedNanos, PageCursor cursor, boolean resync) {
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

    long startedNanos() {
        return startedNanos;
    }

    void read(int contacts) {
        contactsRead.addAndGet(contacts);
    }

    /** Contacts published, counted by category: {@code byCategory} is indexed by {@link EmailStatus#ordinal()}. */
    void countPublished(int[] byCategory) {
        for (int category = 0; category < byCategory.length; category++) {
            published.addAndGet(category, byCategory[category]);
        }
    }

    void countDeadLetter() {
        deadLetters.incrementAndGet();
    }

    void countPrepared(int unchangedOnPage, int duplicatesOnPage) {
        unchanged.addAndGet(unchangedOnPage);
        duplicates.addAndGet(duplicatesOnPage);
    }

    void countFailed(int contacts) {
        failed.addAndGet(contacts);
    }

    void countMissing(int rows) {
        missing.addAndGet(rows);
    }

    void countDeadLetterLost() {
        deadLettersLost.incrementAndGet();
    }

    long contactsRead() {
        return contactsRead.get();
    }

    long unchanged() {
        return unchanged.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long failed() {
        return failed.get();
    }

    long missing() {
        return missing.get();
    }

    long deadLettersLost() {
        return deadLettersLost.get();
    }

    long published(EmailStatus category) {
        return published.get(category.ordinal());
    }

    long publishedInAll() {
        long all = 0;
        for (EmailStatus category : EmailStatus.values()) {
            all += published(category);
        }
        return all;
    }

    long deadLetters() {
        return deadLetters.get();
    }
}
