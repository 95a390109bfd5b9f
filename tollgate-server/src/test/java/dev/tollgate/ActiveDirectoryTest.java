package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.oauth.PasswordRealmGrant;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Active Directory-style directory (no schema checks, AD's attributes, a root DSE that says
 * it is AD): sAMAccountName and userPrincipalName filters, objectGUID as the subject in UUID form,
 * groups from memberOf and from the nested-membership search, userAccountControl's disabled bit,
 * and the refresh grant asking the directory again once tokens.directory_recheck_seconds passed.
 */
class ActiveDirectoryTest {
    /** objectGUID bytes as AD stores them; Windows shows them as 01234567-89ab-cdef-0123-456789abcdef. */
    static final byte[] ALICE_GUID = HexFormat.of().parseHex("67452301ab89efcd0123456789abcdef");
    static final String ALICE_UUID = "01234567-89ab-cdef-0123-456789abcdef";
    static final MovableClock CLOCK = new MovableClock();
    static TestLdap ad;
    static TestServer server;
    static String engineers;
    static String aliceDn;

    @BeforeAll
    static void start() {
        ad = TestLdap.activeDirectory();
        engineers = "cn=engineers," + TestLdap.GROUPS;
        aliceDn = ad.adUser("alice", ALICE_GUID, engineers);
        ad.adUser("bob", guid(2));
        ad.adUser("dave", guid(4));
        ad.adUser("erin", guid(5));
        String auditors = ad.group("auditors", "cn=bob," + TestLdap.PEOPLE);
        // bob is in compliance only through auditors
        String compliance = ad.group("compliance", auditors);
        server = TestServer.start(Toml.config()
                .client("app", "scopes", Toml.list("openid", "email", "read", "write", "audit"),
                        "directories", Toml.list("ad", "upn"),
                        "grant_types", Toml.list("password", "refresh_token", PasswordRealmGrant.TYPE))
                .directory("ad", ad.settings("group_base", TestLdap.GROUPS))
                .directoryTable("group_scopes", engineers, Toml.list("write"), compliance, Toml.list("audit"))
                .directoryTable("claims", "email", "mail")
                .directory("upn", ad.settings("user_filter", "(&(objectClass=user)(userPrincipalName={username}))"))
                .toString(), Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
        ad.close();
    }

    static byte[] guid(int n) {
        return ByteBuffer.allocate(16).putLong(0x1122334455667788L).putLong(n).array();
    }

    static TestServer.Response login(String username, String extra) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + username
                + "-password" + extra, "Authorization", TestServer.basic("app", "app-secret"));
    }

    static TestServer.Response refresh(String token) {
        return server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + token,
                "Authorization", TestServer.basic("app", "app-secret"));
    }

    @Test
    void theSubjectIsTheObjectGuidAsWindowsShowsIt() {
        TestServer.Response response = login("alice", "&scope=openid%20email%20write");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode userinfo = server.get("/userinfo", "Authorization", "Bearer "
                + response.json().get("access_token").asText()).json();
        assertThat(userinfo.get("sub").asText()).isEqualTo(ALICE_UUID);
        assertThat(userinfo.get("email").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void groupsComeFromMemberOfAndFromTheNestedMembershipSearch() {
        assertThat(login("alice", "&scope=write%20audit").json().get("scope").asText()).isEqualTo("write");
        assertThat(login("bob", "&scope=write%20audit").json().get("scope").asText()).isEqualTo("audit");
        // AD evaluates nesting itself, asked with LDAP_MATCHING_RULE_IN_CHAIN
        assertThat(ad.filters).contains("(member:1.2.840.113556.1.4.1941:=cn=bob," + TestLdap.PEOPLE + ")");
    }

    @Test
    void aDisabledAccountCannotLogIn() {
        assertThat(login("dave", "").status()).isEqualTo(200);
        ad.replace("cn=dave," + TestLdap.PEOPLE, "userAccountControl", "514");
        TestServer.Response response = login("dave", "");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
    }

    @Test
    void aRefreshAsksTheDirectoryAgainAfterTheRecheckInterval() {
        String first = login("erin", "").json().get("refresh_token").asText();
        String second = login("erin", "").json().get("refresh_token").asText();
        ad.replace("cn=erin," + TestLdap.PEOPLE, "userAccountControl", "514");
        // within tokens.directory_recheck_seconds the row Tollgate keeps is believed
        TestServer.Response cached = refresh(first);
        assertThat(cached.status()).as(cached.body()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(301));
        TestServer.Response rechecked = refresh(cached.json().get("refresh_token").asText());
        assertThat(rechecked.status()).isEqualTo(400);
        assertThat(rechecked.error()).isEqualTo("invalid_grant");
        // every login the user had is revoked, not only the one refreshed
        ad.replace("cn=erin," + TestLdap.PEOPLE, "userAccountControl", "512");
        assertThat(refresh(second).error()).isEqualTo("invalid_grant");
    }

    @Test
    void aUserDeletedFromTheDirectoryLosesTheRefresh() {
        ad.adUser("frank", guid(6));
        String token = login("frank", "").json().get("refresh_token").asText();
        ad.delete("cn=frank," + TestLdap.PEOPLE);
        CLOCK.advance(Duration.ofSeconds(301));
        TestServer.Response response = refresh(token);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_grant");
    }

    @Test
    void aDirectoryOutageDuringARecheckIs503() {
        ad.adUser("gina", guid(7));
        String token = login("gina", "").json().get("refresh_token").asText();
        CLOCK.advance(Duration.ofSeconds(301));
        ad.stop();
        try {
            TestServer.Response response = refresh(token);
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.error()).isEqualTo("temporarily_unavailable");
        } finally {
            ad.restart();
        }
        assertThat(refresh(token).status()).isEqualTo(200);
    }

    @Test
    void userPrincipalNameFiltersWorkThroughTheRealmGrant() {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=alice%40example.com&password=alice-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        // the password grant uses the client's first directory, where alice@example.com is no sAMAccountName
        assertThat(response.error()).isEqualTo("invalid_grant");
        TestServer.Response realm = server.form("/oauth/token", "grant_type=" + LdapDirectoryTest.encode(
                PasswordRealmGrant.TYPE) + "&realm=upn&username=alice%40example.com&password=alice-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(realm.status()).as(realm.body()).isEqualTo(200);
    }
}
