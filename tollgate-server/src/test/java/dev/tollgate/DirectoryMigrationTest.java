package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.store.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * migrate_to = "database": a user checked by the directory is copied into the database directory
 * with the password hashed there, and from then on logs in without the directory.
 */
class DirectoryMigrationTest {
    static TestLdap ldap;
    static TestServer server;

    @BeforeAll
    static void start() {
        ldap = TestLdap.openLdap();
        server = TestServer.start(Toml.config()
                .client("app", "scopes", Toml.list("read", "write"), "directories", Toml.list("corp"))
                .directory("corp", ldap.settings("migrate_to", "database", "default_scopes", Toml.list("read")))
                .directoryTable("claims", "email", "mail")
                .toString());
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.close();
    }

    static TestServer.Response login(String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", TestServer.basic("app", "app-secret"));
    }

    @Test
    void aUserMovesToTheDatabaseAtTheFirstLoginAndStaysThere() throws Exception {
        String dn = ldap.user("alice", "mail", "alice@example.com");
        String entryUuid = ldap.server.getEntry(dn, "entryUUID").getAttributeValue("entryUUID");
        assertThat(server.services().stores().users().findByUsername("alice")).isEmpty();

        TestServer.Response first = login("alice", "alice-password");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        User migrated = server.services().stores().users().findByUsername("alice").orElseThrow();
        assertThat(migrated.id()).isEqualTo(entryUuid);
        assertThat(migrated.passwordHash()).startsWith("$argon2id$").doesNotContain("alice-password");
        assertThat(migrated.scopes()).containsExactly("read");
        assertThat(migrated.profile().email()).isEqualTo("alice@example.com");
        int binds = ldap.binds(dn);
        assertThat(binds).isEqualTo(1);

        // the directory's password changes (or the directory is retired): the database decides now
        ldap.replace(dn, "userPassword", "changed-in-ldap");
        TestServer.Response again = login("alice", "alice-password");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(login("alice", "changed-in-ldap").error()).isEqualTo("invalid_grant");
        assertThat(ldap.binds(dn)).isEqualTo(binds);

        TestServer.Response refreshed = server.form("/oauth/token", "grant_type=refresh_token&refresh_token="
                + again.json().get("refresh_token").asText(), "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordOfAUserNotYetMovedCreatesNobody() {
        ldap.user("bob");
        assertThat(login("bob", "wrong").error()).isEqualTo("invalid_grant");
        assertThat(server.services().stores().users().findByUsername("bob")).isEmpty();
        assertThat(login("nobody", "nobody-password").error()).isEqualTo("invalid_grant");
        assertThat(server.services().stores().users().findByUsername("nobody")).isEmpty();
    }
}
