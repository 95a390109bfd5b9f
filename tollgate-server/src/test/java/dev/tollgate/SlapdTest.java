package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jwt.SignedJWT;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LDAP directory against OpenLDAP's own slapd (Debian's package; .ci/run installs it), started
 * here on a random port: search-then-bind, entryUUID as the subject, group scopes, the failures,
 * and slapd stopped mid-test and started again.
 */
class SlapdTest {
    @TempDir
    static Path dir;
    static Slapd slapd;
    static TestServer server;
    static String aliceDn = "uid=alice," + TestLdap.PEOPLE;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Slapd.available(), "slapd is not installed (apt-get install slapd)");
        slapd = Slapd.start(dir);
        try (LDAPConnection admin = slapd.admin()) {
            admin.add("dn: " + TestLdap.BASE, "objectClass: dcObject", "objectClass: organization", "dc: example",
                    "o: Example");
            admin.add("dn: " + TestLdap.PEOPLE, "objectClass: organizationalUnit", "ou: people");
            admin.add("dn: " + TestLdap.GROUPS, "objectClass: organizationalUnit", "ou: groups");
            admin.add("dn: " + TestLdap.SERVICE_DN, "objectClass: inetOrgPerson", "uid: svc-bind", "cn: Service",
                    "sn: Bind", "userPassword: " + TestLdap.SERVICE_PASSWORD);
            admin.add("dn: " + aliceDn, "objectClass: inetOrgPerson", "uid: alice", "cn: Alice Example",
                    "sn: Example", "mail: alice@example.com", "userPassword: alice-password");
            admin.add("dn: uid=bob," + TestLdap.PEOPLE, "objectClass: inetOrgPerson", "uid: bob", "cn: Bob",
                    "sn: Bob", "userPassword: bob-password");
            admin.add("dn: cn=readers," + TestLdap.GROUPS, "objectClass: groupOfNames", "cn: readers",
                    "member: " + aliceDn);
        }
        server = TestServer.start(Toml.config()
                .client("app", "scopes", Toml.list("openid", "email", "read", "write"))
                .section("oauth", "default_directory", "corp")
                .directory("corp", "urls", Toml.list(slapd.url()), "bind_dn", TestLdap.SERVICE_DN,
                        "bind_password", TestLdap.SERVICE_PASSWORD, "user_base", TestLdap.PEOPLE,
                        "group_base", TestLdap.GROUPS, "default_scopes", Toml.list("write"), "timeout_ms", 2000)
                .directoryTable("group_scopes", "cn=readers," + TestLdap.GROUPS, Toml.list("read"))
                .directoryTable("claims", "email", "mail", "name", "cn")
                .toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    static TestServer.Response login(String username, String password, String extra) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password
                + extra, "Authorization", TestServer.basic("app", "app-secret"));
    }

    @Test
    void theDefaultDirectoryIsSlapd() throws Exception {
        TestServer.Response response = login("alice", "alice-password", "&scope=openid%20email%20read%20write");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String entryUuid;
        try (LDAPConnection admin = slapd.admin()) {
            entryUuid = admin.getEntry(aliceDn, "entryUUID").getAttributeValue("entryUUID");
        }
        var claims = SignedJWT.parse(response.json().get("id_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(entryUuid);
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(response.json().get("scope").asText().split(" ")).contains("read", "write");
        assertThat(login("bob", "bob-password", "&scope=read%20write").json().get("scope").asText())
                .isEqualTo("write");
    }

    @Test
    void failuresAreAllTheSameInvalidGrant() {
        TestServer.Response wrong = login("alice", "wrong", "");
        assertThat(wrong.error()).isEqualTo("invalid_grant");
        assertThat(login("nobody", "nobody-password", "").body()).isEqualTo(wrong.body());
        assertThat(login("*", "alice-password", "").body()).isEqualTo(wrong.body());
    }

    @Test
    void slapdStoppedMidTestGives503AndRecovers() {
        assertThat(login("bob", "bob-password", "").status()).isEqualTo(200);
        slapd.stop();
        try {
            TestServer.Response down = login("bob", "bob-password", "");
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.error()).isEqualTo("temporarily_unavailable");
            assertThat(down.header("Retry-After")).isNotNull();
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
        } finally {
            slapd.start();
        }
        TestServer.Response back = login("bob", "bob-password", "");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
    }
}
