package dev.tollgate.store.jdbc;

import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

public final class JdbcClientStore implements ClientStore {
    private static final String COLUMNS = "id, secret_hash, grant_types, scopes, access_token_ttl, refresh_token_policy, "
            + "auth_methods, jwks, jwks_uri, sealed_secret, previous_secret_hash, previous_sealed_secret, "
            + "previous_secret_expires_at, forwarded_user_ip, can_introspect, directories, mfa";

    private final Sql sql;
    private final Clock clock;

    public JdbcClientStore(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public Optional<Client> find(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE id = :id")
                .bind("id", id)
                .map(JdbcClientStore::map)
                .findOne());
    }

    @Override
    public void save(Client client) {
        long now = clock.instant().getEpochSecond();
        sql.useTransaction(h -> {
            int updated = bind(h.createUpdate("UPDATE clients SET secret_hash = :secret, grant_types = :grants, "
                    + "scopes = :scopes, access_token_ttl = :ttl, refresh_token_policy = :policy, "
                    + "auth_methods = :methods, jwks = :jwks, jwks_uri = :jwksUri, sealed_secret = :sealed, "
                    + "previous_secret_hash = :prevHash, previous_sealed_secret = :prevSealed, "
                    + "previous_secret_expires_at = :prevExpires, forwarded_user_ip = :forwarded, "
                    + "can_introspect = :introspect, directories = :directories, mfa = :mfa, updated_at = :now WHERE id = :id"), client, now)
                    .execute();
            if (updated == 0) {
                bind(h.createUpdate("INSERT INTO clients (" + COLUMNS + ", created_at, updated_at) VALUES (:id, "
                        + ":secret, :grants, :scopes, :ttl, :policy, :methods, :jwks, :jwksUri, :sealed, :prevHash, "
                        + ":prevSealed, :prevExpires, :forwarded, :introspect, :directories, :mfa, :now, :now)"), client, now).execute();
            }
        });
    }

    private static Update bind(Update update, Client client, long now) {
        Client.PreviousSecret previous = client.previousSecret();
        return update.bind("id", client.id())
                .bind("secret", client.secretHash())
                .bind("grants", Lists.join(client.grantTypes()))
                .bind("scopes", Lists.join(client.scopes()))
                .bind("ttl", client.accessTokenTtl())
                .bind("policy", client.refreshTokenPolicy())
                .bind("methods", Lists.join(client.authMethods()))
                .bind("jwks", client.jwks())
                .bind("jwksUri", client.jwksUri())
                .bind("sealed", client.sealedSecret())
                .bind("prevHash", previous == null ? null : previous.hash())
                .bind("prevSealed", previous == null ? null : previous.sealed())
                .bind("prevExpires", previous == null ? null : previous.expiresAt())
                .bind("forwarded", client.forwardedUserIp())
                .bind("introspect", client.canIntrospect())
                // ordered, unlike the other lists: the first is the password grant's
                .bind("directories", client.directories().isEmpty() ? null : String.join(" ", client.directories()))
                .bind("mfa", client.mfa())
                .bind("now", now);
    }

    @Override
    public boolean remove(String id) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM clients WHERE id = :id").bind("id", id).execute()) > 0;
    }

    @Override
    public List<Client> list() {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients ORDER BY id")
                .map(JdbcClientStore::map)
                .list());
    }

    private static List<String> directories(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.trim().split(" +"));
    }

    private static Client map(ResultSet rs, StatementContext ctx) throws SQLException {
        Long previousExpires = Columns.nullableLong(rs, "previous_secret_expires_at");
        Client.PreviousSecret previous = previousExpires == null ? null : new Client.PreviousSecret(
                rs.getString("previous_secret_hash"), rs.getString("previous_sealed_secret"), previousExpires);
        return new Client(
                rs.getString("id"),
                rs.getString("secret_hash"),
                Lists.split(rs.getString("grant_types")),
                Lists.split(rs.getString("scopes")),
                Columns.nullableLong(rs, "access_token_ttl"),
                rs.getString("refresh_token_policy"),
                Lists.split(rs.getString("auth_methods")),
                rs.getString("jwks"),
                rs.getString("jwks_uri"),
                rs.getString("sealed_secret"),
                previous,
                rs.getBoolean("forwarded_user_ip"),
                rs.getBoolean("can_introspect"),
                directories(rs.getString("directories")),
                rs.getString("mfa"));
    }
}
