package io.smartleadkafkaroutes.retry;

import io.smartleadkafkaroutes.api.IdRequests.IdRequest;
import io.smartleadkafkaroutes.model.ContactRecord;
import io.smartleadkafkaroutes.model.EmailStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contacts whose lookup was not finished ({@code pending}), to be asked for again by id after a delay,
 * up to a number of times, so they reach their final topic without waiting for the next poll. Kept in
 * memory: after a restart the next poll finds them again.
 */
public final class PendingRechecks {

    private record Pending(long filterId, int checks, Instant due) {
    }

    private final boolean enabled;
    private final Duration delay;
    private final int maxChecks;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public PendingRechecks(boolean enabled, Duration delay, int maxChecks, Clock clock) {
        this.enabled = enabled;
        this.delay = delay;
        this.maxChecks = maxChecks;
        this.clock = clock;
    }

    /** Notes the contacts of a page just read: a pending one is (re)scheduled, any other one is done with. */
    public void track(List<ContactRecord> contacts) {
        if (enabled) {
            contacts.forEach(this::track);
        }
    }

    private void track(ContactRecord contact) {
        if (contact.emailStatus() != EmailStatus.PENDING) {
            pending.remove(contact.id());
            return;
        }
        pending.compute(contact.id(), (id, earlier) -> {
            int checks = earlier == null ? 0 : earlier.checks() + 1;
            return checks >= maxChecks ? null : new Pending(contact.filterId(), checks, clock.instant().plus(delay));
        });
    }

    /** The contacts due for another look, one request per filter; they stay tracked until read again. */
    public List<IdRequest> due() {
        Instant now = clock.instant();
        Map<Long, List<String>> byFilter = new LinkedHashMap<>();
        pending.forEach((id, entry) -> {
            if (!entry.due().isAfter(now)) {
                byFilter.computeIfAbsent(entry.filterId(), filter -> new ArrayList<>()).add(id);
                // not due again until this look has had time to come back
                pending.computeIfPresent(id, (same, current) -> new Pending(current.filterId(), current.checks(),
                        now.plus(delay)));
            }
        });
        return byFilter.entrySet().stream().map(entry -> new IdRequest(entry.getKey(), entry.getValue())).toList();
    }
}
