package dev.tollgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.store.AuditEntry;
import dev.tollgate.store.AuditEventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The audit events in {@code audit_events}, their details as JSON text. */
public final class JdbcAuditEventStore implements AuditEventStore {
    private static final String COLUMNS = "id, occurred_at, event, outcome, client_id, username, client_ip, details";
    /** The width of the client_id, username and client_ip columns. */
    private static final int MAX_TEXT = 512;
    /** The width of the details column. */
    private static final int MAX_DETAILS = 1_000_000;
    static final String TOO_LARGE = "(too large to store)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() {};

    private final Sql sql;

    public JdbcAuditEventStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        sql.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO audit_events "
                    + "(occurred_at, event, outcome, client_id, username, client_ip, details) "
                    + "VALUES (:at, :event, :outcome, :client, :username, :ip, :details)");
            for (AuditEntry entry : entries) {
                batch.bind("at", entry.occurredAt())
                        .bind("event", entry.event())
                        .bind("outcome", entry.outcome())
                        .bind("client", text(entry.clientId()))
                        .bind("username", text(entry.username()))
                        .bind("ip", text(entry.clientIp()))
                        .bind("details", json(entry.details()))
                        .add();
            }
            batch.execute();
        });
    }

    @Override
    public List<AuditEntry> search(Filter filter, long beforeId, int limit) {
        StringBuilder where = new StringBuilder("id < :before");
        if (filter.event() != null) {
            where.append(" AND event = :event");
        }
        if (filter.username() != null) {
            where.append(" AND username = :username");
        }
        if (filter.clientId() != null) {
            where.append(" AND client_id = :client");
        }
        if (filter.sinceMillis() != null) {
            where.append(" AND occurred_at >= :since");
        }
        if (filter.untilMillis() != null) {
            where.append(" AND occurred_at < :until");
        }
        return sql.withHandle(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE " + where
                            + " ORDER BY id DESC LIMIT :limit")
                    .bind("before", beforeId)
                    .bind("limit", limit);
            if (filter.event() != null) {
                query.bind("event", filter.event());
            }
            if (filter.username() != null) {
                query.bind("username", filter.username());
            }
            if (filter.clientId() != null) {
                query.bind("client", filter.clientId());
            }
            if (filter.sinceMillis() != null) {
                query.bind("since", filter.sinceMillis().longValue());
            }
            if (filter.untilMillis() != null) {
                query.bind("until", filter.untilMillis().longValue());
            }
            return query.map(JdbcAuditEventStore::map).list();
        });
    }

    @Override
    public int purge(long beforeMillis, int batchSize) {
        return sql.deleteInBatches("audit_events", "occurred_at < :bound", beforeMillis, batchSize);
    }

    /**
     * Cut to the column's width, and without NUL, which PostgreSQL refuses in text: a submitted
     * username must never make a batch of events fail.
     */
    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String cut = value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
        return cut.replace('\u0000', '\uFFFD');
    }

    /**
     * The details as JSON (Jackson escapes NUL and the other control characters). Details too wide
     * for the column keep their plain values and lose their nested ones (an admin change's before
     * and after), rather than failing the batch they are in; the log file has them in full.
     */
    private static String json(Map<String, Object> details) {
        String json = write(details);
        if (json.length() <= MAX_DETAILS) {
            return json;
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        details.forEach((key, value) -> plain.put(key, value instanceof Map || value instanceof Iterable
                ? TOO_LARGE : value));
        json = write(plain);
        return json.length() <= MAX_DETAILS ? json : write(Map.of("details", TOO_LARGE));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not JSON-serializable", e);
        }
    }

    private static AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getLong("occurred_at"),
                rs.getString("event"),
                rs.getString("outcome"),
                rs.getString("client_id"),
                rs.getString("username"),
                rs.getString("client_ip"),
                details(rs.getString("details")));
    }

    private static Map<String, Object> details(String json) {
        try {
            return JSON.readValue(json, DETAILS);
        } catch (JsonProcessingException e) {
            // written by this class only; a row edited by hand still reads, with what it holds
            Map<String, Object> unreadable = new LinkedHashMap<>();
            unreadable.put("unreadable_details", json);
            return unreadable;
        }
    }
}
