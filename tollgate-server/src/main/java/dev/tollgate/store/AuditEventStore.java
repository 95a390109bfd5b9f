package dev.tollgate.store;

import java.util.List;

/** The stored audit events: appended in batches, read newest first by id, deleted by age. */
public interface AuditEventStore {
    /** Stores the entries in one transaction, in their order; their ids are ignored and given by the database. */
    void insert(List<AuditEntry> entries);

    /**
     * Up to {@code limit} entries with an id below {@code beforeId} that match the filter, highest
     * id (newest) first.
     */
    List<AuditEntry> search(Filter filter, long beforeId, int limit);

    /**
     * Deletes entries that occurred before {@code beforeMillis}, at most {@code batchSize} rows per
     * statement so that no statement holds its locks for long; returns how many it deleted.
     */
    int purge(long beforeMillis, int batchSize);

    /**
     * What to match; a null field matches everything. {@code sinceMillis} is inclusive,
     * {@code untilMillis} exclusive.
     */
    record Filter(String event, String username, String clientId, Long sinceMillis, Long untilMillis) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }
}
