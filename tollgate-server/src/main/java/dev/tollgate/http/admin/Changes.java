package dev.tollgate.http.admin;

import dev.tollgate.observe.AdminActor;
import dev.tollgate.observe.AuditLog;
import java.util.Map;

/**
 * Writes every change made through the admin API to the audit log as an {@code admin_change}
 * event: who (the token's subject and client, the address), what, and the resource before and
 * after. Representations carry no secret or hash, so none reaches the log.
 */
final class Changes {
    private final AuditLog audit;

    Changes(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code before} or {@code after} is null when the resource did not exist before or does not after. */
    void record(Caller caller, String operation, String resourceType, String resourceId, Object before, Object after) {
        audit.adminChange(new AdminActor(caller.subject(), caller.clientId(), caller.clientIp()), operation,
                resourceType, resourceId, map(before), map(after));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object representation) {
        return representation == null ? null : Json.MAPPER.convertValue(representation, Map.class);
    }
}
