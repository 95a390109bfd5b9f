package dev.tollgate.admin;

import dev.tollgate.store.AuditEntry;
import dev.tollgate.store.AuditEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The stored audit events: searched newest first a page at a time, and deleted once older than
 * the retention ({@code audit.retention_days}).
 *
 * <p>The cursor is the id of the last event of the page before, and the next page holds the
 * events with lower ids: events stored meanwhile get higher ids, so they never shift the pages
 * still to come, and paging to the end sees every event older than the first page exactly once.
 */
public final class AuditEvents {
    public static final int MAX_PAGE = 200;
    /** Rows per delete statement of the retention purge. */
    static final int PURGE_BATCH = 1_000;

    private final AuditEventStore store;
    private final Runnable flush;
    private final Duration retention;

    /**
     * @param flush waits until the events logged so far are stored, so this server finds its own
     *     events right away
     */
    public AuditEvents(AuditEventStore store, Runnable flush, int retentionDays) {
        this.store = store;
        this.flush = flush;
        this.retention = Duration.ofDays(retentionDays);
    }

    /**
     * The events matching {@code query}, newest first, at most {@code limit} (1 to 200), after the
     * page whose {@link Page#next()} was {@code cursor} (null: the first page).
     */
    public Page<AuditEvent> search(AuditQuery query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new AdminException.Invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        long before = cursor == null ? Long.MAX_VALUE : parseCursor(cursor);
        AuditQuery q = query == null ? AuditQuery.ALL : query;
        if (q.since() != null && q.until() != null && !q.since().isBefore(q.until())) {
            throw new AdminException.Invalid("until", "must be later than since");
        }
        flush.run();
        List<AuditEntry> found = store.search(new AuditEventStore.Filter(q.type(), q.username(), q.clientId(),
                millis(q.since()), millis(q.until())), before, limit + 1);
        List<AuditEvent> page = found.stream().limit(limit).map(AuditEvents::event).toList();
        String next = found.size() > limit ? Long.toString(page.get(limit - 1).id()) : null;
        return new Page<>(page, next);
    }

    /** Deletes the events older than the retention; housekeeping calls this. Returns how many. */
    public int purgeExpired(Instant now) {
        return store.purge(now.minus(retention).toEpochMilli(), PURGE_BATCH);
    }

    private static long parseCursor(String cursor) {
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new AdminException.Invalid("cursor", "is not a cursor this server returned");
    }

    /** Milliseconds, saturated: an instant far out of range matches all or nothing, as it would. */
    private static Long millis(Instant instant) {
        if (instant == null) {
            return null;
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static AuditEvent event(AuditEntry entry) {
        return new AuditEvent(entry.id(), Instant.ofEpochMilli(entry.occurredAt()), entry.event(), entry.outcome(),
                entry.clientId(), entry.username(), entry.clientIp(), entry.details());
    }
}
