package dev.tollgate.store.jdbc;

import dev.tollgate.store.Application;
import dev.tollgate.store.ApplicationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcApplicationStore implements ApplicationStore {
    private static final String COLUMNS = "client_id, owner_id, name, created_at";

    private final Sql sql;

    public JdbcApplicationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void save(Application application) {
        sql.useHandle(h -> h.createUpdate("INSERT INTO portal_applications (" + COLUMNS
                        + ") VALUES (:client, :owner, :name, :created)")
                .bind("client", application.clientId())
                .bind("owner", application.ownerId())
                .bind("name", application.name())
                .bind("created", application.createdAt())
                .execute());
    }

    @Override
    public Optional<Application> find(String clientId) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM portal_applications WHERE client_id = :id")
                .bind("id", clientId)
                .map(JdbcApplicationStore::map)
                .findOne());
    }

    @Override
    public List<Application> byOwner(String ownerId) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM portal_applications WHERE owner_id = :owner ORDER BY created_at, client_id")
                .bind("owner", ownerId)
                .map(JdbcApplicationStore::map)
                .list());
    }

    private static Application map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Application(rs.getString("client_id"), rs.getString("owner_id"), rs.getString("name"),
                rs.getLong("created_at"));
    }
}
