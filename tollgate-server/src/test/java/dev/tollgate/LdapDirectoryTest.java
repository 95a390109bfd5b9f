package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.DirectoryChecks;
import dev.tollgate.oauth.PasswordRealmGrant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users in an LDAP directory (UnboundID's in-memory server with the standard schema, as OpenLDAP
 * has it): search-then-bind through the password grant and Auth0's password-realm grant, claims
 * and group scopes, failures that read as the database directory's, lockout before any bind, and
 * the directory commands.
 */
class LdapDirectoryTest {
    static final String REALM = PasswordRealmGrant.TYPE;
    static TestLdap ldap;
    static TestServer server;
    static String aliceDn;
    static String carolDn;

    @BeforeAll
    static void start() {
        ldap = TestLdap.openLdap();
        aliceDn = ldap.user("alice", "mail", "alice@example.com", "givenName", "Alice", "sn", "Example");
        ldap.user("bob");
        carolDn = ldap.user("carol");
        ldap.user("twin");
        ldap.add(new Entry("cn=twin-copy," + TestLdap.PEOPLE, new Attribute("objectClass", "top", "person",
                "organizationalPerson", "inetOrgPerson"), new Attribute("uid", "twin"), new Attribute("cn", "twin-copy"),
                new Attribute("sn", "copy"), new Attribute("userPassword", "twin-password")));
        String readers = ldap.group("readers", aliceDn);
        List<String> grants = Toml.list("password", "refresh_token", REALM);
        server = TestServer.start(Toml.config()
                .client("app", "scopes", Toml.list("openid", "profile", "email", "read", "write"),
                        "directories", Toml.list("corp"), "grant_types", grants, "can_introspect", true)
                .client("dbapp", "scopes", Toml.list("read", "write"))
                .client("multi", "scopes", Toml.list("read", "write"), "directories", Toml.list("corp", "database"),
                        "grant_types", grants)
                .client("dbonly", "scopes", Toml.list("read"), "directories", Toml.list("database"),
                        "grant_types", grants)
                .user("dora", "scopes", Toml.list("read"))
                .section("brute_force", "max_failures", 3)
                .directory("corp", ldap.settings("default_scopes", Toml.list("write"), "group_base", TestLdap.GROUPS))
                .directoryTable("group_scopes", readers, Toml.list("read"))
                .directoryTable("claims", "email", "mail", "name", "cn", "given_name", "givenName", "family_name", "sn")
                .toString());
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.close();
    }

    static TestServer.Response password(String client, String username, String password, String extra) {
        return server.form("/oauth/token", "grant_type=password&username=" + encode(username) + "&password="
                + encode(password) + extra, "Authorization", TestServer.basic(client, client + "-secret"));
    }

    static TestServer.Response realm(String client, String realm, String username, String password) {
        return server.form("/oauth/token", "grant_type=" + encode(REALM) + "&realm=" + realm + "&username="
                + username + "&password=" + password, "Authorization", TestServer.basic(client, client + "-secret"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void loginThroughTheDirectoryCarriesItsIdClaimsAndGroupScopes() throws Exception {
        TestServer.Response response = password("app", "alice", "alice-password",
                "&scope=openid%20profile%20email%20read%20write");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("scope").asText().split(" ")).contains("read", "write");
        String entryUuid = ldap.server.getEntry(aliceDn, "entryUUID").getAttributeValue("entryUUID");
        var claims = SignedJWT.parse(json.get("id_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(entryUuid);
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(claims.getStringClaim("given_name")).isEqualTo("Alice");
        assertThat(claims.getStringClaim("family_name")).isEqualTo("Example");
        assertThat(claims.getStringClaim("name")).isEqualTo("alice");

        JsonNode userinfo = server.get("/userinfo", "Authorization", "Bearer " + json.get("access_token").asText())
                .json();
        assertThat(userinfo.get("sub").asText()).isEqualTo(entryUuid);
        assertThat(userinfo.get("email").asText()).isEqualTo("alice@example.com");

        JsonNode introspection = server.form("/oauth/introspect", "token=" + json.get("access_token").asText(),
                "Authorization", TestServer.basic("app", "app-secret")).json();
        assertThat(introspection.get("active").asBoolean()).isTrue();
        assertThat(introspection.get("sub").asText()).isEqualTo(entryUuid);
        assertThat(introspection.get("username").asText()).isEqualTo("alice");

        long rows = server.services().stores().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM directory_users WHERE directory = 'corp' AND id = :id AND username = 'alice'")
                .bind("id", entryUuid).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);

        TestServer.Response refreshed = server.form("/oauth/token", "grant_type=refresh_token&refresh_token="
                + json.get("refresh_token").asText(), "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(server.audit("token_issued")).anySatisfy(line ->
                assertThat(line.path("username").asText()).isEqualTo("alice"));
    }

    @Test
    void aUserOutsideTheGroupGetsOnlyTheDefaultScopes() {
        TestServer.Response response = password("app", "bob", "bob-password", "&scope=read%20write");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("scope").asText()).isEqualTo("write");
    }

    @Test
    void everyFailureReadsAsTheDatabaseDirectorysWrongPassword() {
        TestServer.Response database = password("dbapp", "dora", "wrong", "");
        assertThat(database.status()).isEqualTo(400);
        assertThat(database.error()).isEqualTo("invalid_grant");
        for (String[] attempt : new String[][] {
            {"alice", "wrong"}, {"nobody", "nobody-password"}, {"twin", "twin-password"},
            {"*", "alice-password"}, {"alice)(uid=*", "alice-password"}, {"al*", "alice-password"}}) {
            TestServer.Response response = password("app", attempt[0], attempt[1], "");
            assertThat(response.status()).as(attempt[0]).isEqualTo(400);
            assertThat(response.body()).as(attempt[0]).isEqualTo(database.body());
            assertThat(response.header("Content-Type")).isEqualTo(database.header("Content-Type"));
        }
        // the username reached the directory escaped (RFC 4515), never as filter syntax
        assertThat(ldap.filters).contains("(uid=\\2a)", "(uid=alice\\29\\28uid=\\2a)", "(uid=al\\2a)");
    }

    @Test
    void anEmptyPasswordNeverReachesABind() {
        int before = ldap.userBinds();
        TestServer.Response response = server.form("/oauth/token", "grant_type=password&username=bob&password=",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_request");
        TestServer.Response realm = realm("app", "corp", "bob", "");
        assertThat(realm.status()).isEqualTo(400);
        assertThat(ldap.userBinds()).isEqualTo(before);
    }

    @Test
    void theLockoutComesBeforeAnyBind() {
        for (int i = 0; i < 3; i++) {
            assertThat(password("app", "carol", "wrong-" + i, "").error()).isEqualTo("invalid_grant");
        }
        TestServer.Response locked = password("app", "carol", "carol-password", "");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.error()).isEqualTo("too_many_attempts");
        assertThat(password("app", "carol", "wrong-again", "").status()).isEqualTo(429);
        // three wrong passwords reached the directory, nothing after: its own lockout is never driven by us
        assertThat(ldap.binds(carolDn)).isEqualTo(3);
    }

    @Test
    void thePasswordGrantUsesTheClientsFirstDirectory() {
        assertThat(password("dbapp", "dora", "dora-password", "").status()).isEqualTo(200);
        assertThat(password("dbapp", "alice", "alice-password", "").error()).isEqualTo("invalid_grant");
        assertThat(password("multi", "alice", "alice-password", "").status()).isEqualTo(200);
        assertThat(password("multi", "dora", "dora-password", "").error()).isEqualTo("invalid_grant");
    }

    @Test
    void thePasswordRealmGrantPicksOneOfTheClientsDirectories() {
        TestServer.Response corp = realm("multi", "corp", "alice", "alice-password");
        assertThat(corp.status()).as(corp.body()).isEqualTo(200);
        assertThat(realm("multi", "database", "dora", "dora-password").status()).isEqualTo(200);
        assertThat(realm("multi", "database", "alice", "alice-password").error()).isEqualTo("invalid_grant");

        TestServer.Response unknown = realm("multi", "nope", "alice", "alice-password");
        TestServer.Response notAllowed = realm("dbonly", "corp", "alice", "alice-password");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("invalid_request");
        assertThat(notAllowed.body()).isEqualTo(unknown.body());

        TestServer.Response missing = server.form("/oauth/token", "grant_type=" + encode(REALM)
                + "&username=alice&password=alice-password", "Authorization", TestServer.basic("multi", "multi-secret"));
        assertThat(missing.error()).isEqualTo("invalid_request");
        assertThat(missing.json().get("error_description").asText()).contains("realm");

        // a client must be registered for the grant
        TestServer.Response unregistered = realm("dbapp", "database", "dora", "dora-password");
        assertThat(unregistered.error()).isEqualTo("unauthorized_client");
        JsonNode metadata = server.get("/.well-known/oauth-authorization-server").json();
        assertThat(metadata.get("grant_types_supported").toString()).contains(REALM);
    }

    @Test
    void theMetricsShowTheDirectoryAndReadinessIgnoresIt() {
        assertThat(password("app", "bob", "bob-password", "").status()).isEqualTo(200);
        assertThat(server.metrics().body()).contains("tollgate_directory_up{directory=\"corp\"} 1.0");
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void theDirectoryCommandsListAndSearchWithoutAPassword() throws Exception {
        CliProcess.Result listed = CliProcess.against(server, null, "directory", "list");
        assertThat(listed.exit()).as(listed.err()).isEqualTo(0);
        assertThat(listed.out()).contains("database\tdatabase\t-\tup\tdefault");
        assertThat(listed.out()).contains("corp\tldap\t" + ldap.url() + "\tup");
        assertThat(listed.out()).doesNotContain(TestLdap.SERVICE_PASSWORD);

        CliProcess.Result found = CliProcess.against(server, null, "directory", "test", "corp", "alice");
        assertThat(found.exit()).as(found.err()).isEqualTo(0);
        String entryUuid = ldap.server.getEntry(aliceDn, "entryUUID").getAttributeValue("entryUUID");
        assertThat(found.out()).contains("dn: " + aliceDn, "id: " + entryUuid, "scopes: read write",
                "email: alice@example.com", "group: cn=readers," + TestLdap.GROUPS);
        assertThat(found.out() + found.err()).doesNotContain("alice-password", TestLdap.SERVICE_PASSWORD);

        CliProcess.Result several = CliProcess.against(server, null, "directory", "test", "corp", "twin");
        assertThat(several.exit()).isEqualTo(1);
        assertThat(several.err()).contains("several entries");
    }

    @Test
    void theDirectoryChecksTheCommandsAndTheAdminApiShare() {
        DirectoryChecks checks = server.services().admin().directories();
        assertThat(checks.list()).extracting(DirectoryChecks.Listed::name, DirectoryChecks.Listed::type,
                DirectoryChecks.Listed::state).containsExactly(tuple("database", "database", "up"),
                tuple("corp", "ldap", "up"));
        DirectoryChecks.Lookup alice = checks.test("corp", "alice");
        assertThat(alice.found()).isTrue();
        assertThat(alice.entries().get(0).claims()).containsEntry("email", "alice@example.com");
        assertThat(checks.test("corp", "nobody").entries()).isEmpty();
        assertThat(checks.test("corp", "twin").found()).isFalse();
        assertThat(checks.test("corp", "twin").entries()).hasSize(2);
        assertThatThrownBy(() -> checks.test("nope", "alice")).isInstanceOf(AdminException.NotFound.class);
        assertThatThrownBy(() -> checks.test("database", "alice")).isInstanceOf(AdminException.Invalid.class);
        assertThatThrownBy(() -> server.services().admin().clients().register(new ClientSpec("cli-app", null, true,
                null, null, null, null, null, null, null, false, null, List.of("corp", "nope"))))
                .isInstanceOf(AdminException.Invalid.class).hasMessageContaining("unknown directory 'nope'");
        assertThat(server.services().admin().clients().find("cli-app")).isEmpty();
    }
}
