package dev.tollgate.store.jdbc;

import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

public final class JdbcApiStore implements ApiStore {
    private static final String COLUMNS = "identifier, scopes, token_format, access_token_ttl, signing_alg, token_typ";

    private final Sql sql;
    private final Clock clock;

    public JdbcApiStore(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public Optional<Api> find(String identifier) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM apis WHERE identifier = :id")
                .bind("id", identifier)
                .map(JdbcApiStore::map)
                .findOne());
    }

    @Override
    public void save(Api api) {
        long now = clock.instant().getEpochSecond();
        sql.useTransaction(h -> {
            int updated = bind(h.createUpdate("UPDATE apis SET scopes = :scopes, token_format = :format, "
                    + "access_token_ttl = :ttl, signing_alg = :alg, token_typ = :typ, updated_at = :now "
                    + "WHERE identifier = :id"), api, now)
                    .execute();
            if (updated == 0) {
                bind(h.createUpdate("INSERT INTO apis (" + COLUMNS + ", created_at, updated_at) "
                        + "VALUES (:id, :scopes, :format, :ttl, :alg, :typ, :now, :now)"), api, now).execute();
            }
        });
    }

    private static Update bind(Update update, Api api, long now) {
        return update.bind("id", api.identifier())
                .bind("scopes", Lists.join(api.scopes()))
                .bind("format", api.tokenFormat())
                .bind("ttl", api.accessTokenTtl())
                .bind("alg", api.signingAlg())
                .bind("typ", api.tokenTyp())
                .bind("now", now);
    }

    @Override
    public boolean remove(String identifier) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM apis WHERE identifier = :id")
                .bind("id", identifier)
                .execute()) > 0;
    }

    @Override
    public List<Api> list() {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM apis ORDER BY identifier")
                .map(JdbcApiStore::map)
                .list());
    }

    private static Api map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Api(
                rs.getString("identifier"),
                Lists.split(rs.getString("scopes")),
                rs.getString("token_format"),
                Columns.nullableLong(rs, "access_token_ttl"),
                rs.getString("signing_alg"),
                rs.getString("token_typ"));
    }
}
