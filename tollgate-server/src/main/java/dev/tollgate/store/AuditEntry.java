package dev.tollgate.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored audit event. {@code id} is the database's (0 for one not yet stored); {@code occurredAt}
 * is epoch milliseconds; {@code details} are the event's other fields (strings, numbers, booleans,
 * lists, nested maps and nulls, as JSON has them).
 */
public record AuditEntry(
        long id,
        long occurredAt,
        String event,
        String outcome,
        String clientId,
        String username,
        String clientIp,
        Map<String, Object> details) {

    public AuditEntry {
        // not Map.copyOf: a detail may be null (admin_change's "before" of a created thing)
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
