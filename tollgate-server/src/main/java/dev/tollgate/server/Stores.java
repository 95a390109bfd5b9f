package dev.tollgate.server;

import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.ApiStore;
import dev.tollgate.store.AssertionJtiStore;
import dev.tollgate.store.AuditEventStore;
import dev.tollgate.store.CachedClientStore;
import dev.tollgate.store.ClientStore;
import dev.tollgate.store.DirectoryUserStore;
import dev.tollgate.store.LoginFailureStore;
import dev.tollgate.store.MfaStore;
import dev.tollgate.store.RefreshTokenStore;
import dev.tollgate.store.SigningKeyStore;
import dev.tollgate.store.UserStore;
import dev.tollgate.store.jdbc.Database;
import dev.tollgate.store.jdbc.JdbcAccessTokenStore;
import dev.tollgate.store.jdbc.JdbcApiStore;
import dev.tollgate.store.jdbc.JdbcAssertionJtiStore;
import dev.tollgate.store.jdbc.JdbcAuditEventStore;
import dev.tollgate.store.jdbc.JdbcClientStore;
import dev.tollgate.store.jdbc.JdbcDirectoryUserStore;
import dev.tollgate.store.jdbc.JdbcLoginFailureStore;
import dev.tollgate.store.jdbc.JdbcMfaStore;
import dev.tollgate.store.jdbc.JdbcRefreshTokenStore;
import dev.tollgate.store.jdbc.JdbcSigningKeyStore;
import dev.tollgate.store.jdbc.JdbcUserStore;
import java.time.Clock;
import java.util.List;
import java.util.function.LongToIntFunction;

/** One store per aggregate, over one database. */
public record Stores(
        Database database,
        ClientStore clients,
        UserStore users,
        ApiStore apis,
        RefreshTokenStore refreshTokens,
        AccessTokenStore accessTokens,
        SigningKeyStore signingKeys,
        AssertionJtiStore assertionJtis,
        LoginFailureStore loginFailures,
        AuditEventStore auditEvents,
        DirectoryUserStore directoryUsers,
        MfaStore mfa) {

    static Stores open(Database database, Clock clock) {
        var sql = database.sql();
        return new Stores(database,
                new CachedClientStore(new JdbcClientStore(sql, clock)),
                new JdbcUserStore(sql, clock, DatabaseDirectory.NAME),
                new JdbcApiStore(sql, clock),
                new JdbcRefreshTokenStore(sql),
                new JdbcAccessTokenStore(sql),
                new JdbcSigningKeyStore(sql),
                new JdbcAssertionJtiStore(sql),
                new JdbcLoginFailureStore(sql),
                new JdbcAuditEventStore(sql),
                new JdbcDirectoryUserStore(sql),
                new JdbcMfaStore(sql));
    }

    /** What housekeeping deletes once expired: each returns how many rows it deleted before the given time. */
    List<LongToIntFunction> expiring() {
        return List.of(refreshTokens::purgeExpired, accessTokens::purgeExpired, assertionJtis::purgeExpired,
                signingKeys::purgeRetired, mfa::purgeExpiredTokens);
    }
}
