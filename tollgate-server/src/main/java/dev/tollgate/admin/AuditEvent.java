package dev.tollgate.admin;

import java.time.Instant;
import java.util.Map;

/**
 * A stored audit event: what the audit log's line said. {@code id} orders the events (a higher
 * one was stored later); {@code clientId}, {@code username} and {@code clientIp} are null when the
 * event has none; {@code details} are the line's other fields ({@code grant_type}, {@code reason},
 * an admin change's {@code before} and {@code after}, ...) as parsed JSON: strings, numbers,
 * booleans, lists, maps and nulls.
 */
public record AuditEvent(
        long id,
        Instant time,
        String type,
        String outcome,
        String clientId,
        String username,
        String clientIp,
        Map<String, Object> details) {}
