package dev.tollgate.admin;

import java.time.Instant;

/**
 * Which audit events to list; a null (or blank) field matches every event. {@code type} is the
 * event's name ({@code token_issued}, {@code admin_change}, ...); {@code username} and
 * {@code clientId} match the recorded value exactly; {@code since} is inclusive, {@code until}
 * exclusive.
 */
public record AuditQuery(String type, String username, String clientId, Instant since, Instant until) {
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);

    public AuditQuery {
        type = blankToNull(type);
        username = blankToNull(username);
        clientId = blankToNull(clientId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
