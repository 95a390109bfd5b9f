package dev.tollgate.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit event as it goes to storage: the log line's fields. {@code occurredAt} is epoch
 * milliseconds; {@code details} holds the fields other than event, outcome, client id, username and
 * client IP, in the line's order (values: strings, numbers, nested maps, nulls).
 */
public record AuditRecord(
        long occurredAt,
        String event,
        String outcome,
        String clientId,
        String username,
        String clientIp,
        Map<String, Object> details) {

    public AuditRecord {
        // not Map.copyOf: a detail may be null (admin_change's "before" of a created thing)
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
