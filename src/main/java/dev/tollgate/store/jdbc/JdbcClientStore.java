package dev.tollgate.store.jdbc;

import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcClientStore implements ClientStore {
    private static final String COLUMNS = "id, secret_hash, grant_types, scopes, access_token_ttl, refresh_token_policy";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcClientStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<Client> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE id = :id")
                .bind("id", id)
                .map(JdbcClientStore::map)
                .findOne());
    }

    @Override
    public void save(Client client) {
        long now = clock.instant().getEpochSecond();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE clients SET secret_hash = :secret, grant_types = :grants, "
                            + "scopes = :scopes, access_token_ttl = :ttl, refresh_token_policy = :policy, updated_at = :now "
                            + "WHERE id = :id")
                    .bind("id", client.id())
                    .bind("secret", client.secretHash())
                    .bind("grants", Lists.join(client.grantTypes()))
                    .bind("scopes", Lists.join(client.scopes()))
                    .bind("ttl", client.accessTokenTtl())
                    .bind("policy", client.refreshTokenPolicy())
                    .bind("now", now)
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO clients (" + COLUMNS + ", created_at, updated_at) "
                                + "VALUES (:id, :secret, :grants, :scopes, :ttl, :policy, :now, :now)")
                        .bind("id", client.id())
                        .bind("secret", client.secretHash())
                        .bind("grants", Lists.join(client.grantTypes()))
                        .bind("scopes", Lists.join(client.scopes()))
                        .bind("ttl", client.accessTokenTtl())
                        .bind("policy", client.refreshTokenPolicy())
                        .bind("now", now)
                        .execute();
            }
        });
    }

    @Override
    public boolean remove(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM clients WHERE id = :id").bind("id", id).execute()) > 0;
    }

    @Override
    public List<Client> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients ORDER BY id")
                .map(JdbcClientStore::map)
                .list());
    }

    private static Client map(ResultSet rs, StatementContext ctx) throws SQLException {
        Long accessTokenTtl = Columns.nullableLong(rs, "access_token_ttl");
        return new Client(
                rs.getString("id"),
                rs.getString("secret_hash"),
                Lists.split(rs.getString("grant_types")),
                Lists.split(rs.getString("scopes")),
                accessTokenTtl,
                rs.getString("refresh_token_policy"));
    }
}
