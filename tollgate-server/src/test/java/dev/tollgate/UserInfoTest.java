package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.admin.UserSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UserInfo endpoint (OpenID Connect Core section 5.3) and its Bearer token errors (RFC 6750). */
class UserInfoTest {
    static final String CONFIG = Toml.config()
            .section("tokens", "access_token_ttl", 600)
            .client("app", "scopes", Toml.list("read", "orders:read", "openid", "profile", "email", "phone", "address"))
            .publicClient("native", "grant_types", Toml.list("password"), "scopes", Toml.list("openid", "profile"))
            .client("service", "grant_types", Toml.list("client_credentials"), "scopes", Toml.list("read", "openid"))
            .api("urn:example:opaque", "scopes", Toml.list("orders:read"), "token_format", "opaque")
            .user("alice", Toml.with(Toml.ALICE_CLAIMS, "scopes", Toml.list("read", "orders:read")))
            .user("carol")
            .toString();
    static final String REALM = "Bearer realm=\"tollgate\"";
    static final MovableClock CLOCK = new MovableClock();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG, Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode login(String scope) {
        return server.login("alice", "alice-password", "&scope=" + scope);
    }

    static String accessToken(String scope) {
        return login(scope).get("access_token").asText();
    }

    static TestServer.Response userinfo(String token) {
        return server.get("/userinfo", "Authorization", "Bearer " + token);
    }

    static JsonNode assertClaims(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        return response.json();
    }

    /** An RFC 6750 error: status, challenge and a JSON body with the same error code. */
    static void assertChallenge(TestServer.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("WWW-Authenticate")).startsWith(REALM + ", error=\"" + error + "\", error_description=\"");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.error()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception");
    }

    static String aliceId() {
        return server.services().stores().users().findByUsername("alice").orElseThrow().id();
    }

    @Test
    void userinfoByGetReturnsSubAndTheProfileClaims() throws Exception {
        JsonNode tokens = login("openid%20profile");
        JsonNode claims = assertClaims(userinfo(tokens.get("access_token").asText()));
        assertThat(claims.get("sub").asText()).isEqualTo(aliceId())
                .isEqualTo(IdTokenTest.verifiedIdTokenOf(server, tokens).getSubject());
        assertThat(claims.get("name").asText()).isEqualTo("Alice Example");
        assertThat(claims.get("given_name").asText()).isEqualTo("Alice");
        assertThat(claims.get("family_name").asText()).isEqualTo("Example");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.get("updated_at").isIntegralNumber()).isTrue();
        assertThat(claims.has("email")).isFalse();
        assertThat(claims.has("phone_number")).isFalse();
    }

    @Test
    void userinfoByPostWithTheAuthorizationHeader() {
        String token = accessToken("openid%20email");
        JsonNode claims = assertClaims(server.post("/userinfo", null, "", "Authorization", "Bearer " + token));
        assertThat(claims.get("sub").asText()).isEqualTo(aliceId());
        assertThat(claims.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(claims.get("email_verified").asBoolean()).isTrue();
        assertThat(claims.has("name")).isFalse();
    }

    @Test
    void userinfoByPostWithTheTokenInTheFormBody() {
        String token = accessToken("openid%20phone%20address");
        JsonNode claims = assertClaims(server.form("/userinfo", "access_token=" + token));
        assertThat(claims.get("sub").asText()).isEqualTo(aliceId());
        assertThat(claims.get("phone_number").asText()).isEqualTo("+1 555 0100");
        assertThat(claims.get("phone_number_verified").asBoolean()).isFalse();
        assertThat(claims.get("address").get("formatted").asText()).isEqualTo("1 Main Street\nSpringfield");
    }

    @Test
    void userinfoWithOpenIdAloneReturnsOnlySub() {
        JsonNode claims = assertClaims(userinfo(accessToken("openid")));
        assertThat(claims.toString()).isEqualTo("{\"sub\":\"" + aliceId() + "\"}");
    }

    @Test
    void userinfoWithAnOpaqueAccessToken() {
        String token = accessToken("openid%20profile%20orders:read&audience=urn:example:opaque");
        assertThat(token).doesNotContain(".");
        JsonNode claims = assertClaims(userinfo(token));
        assertThat(claims.get("sub").asText()).isEqualTo(aliceId());
        assertThat(claims.get("name").asText()).isEqualTo("Alice Example");
    }

    @Test
    void userinfoShowsTheUsersCurrentClaims() {
        String token = server.form("/oauth/token",
                "grant_type=password&client_id=native&username=carol&password=carol-password&scope=openid%20profile")
                .json().get("access_token").asText();
        assertThat(assertClaims(userinfo(token)).has("name")).isFalse();
        var carol = server.users().get("carol");
        server.users().update("carol", new UserSpec(carol.username(), java.util.List.copyOf(carol.scopes()),
                new dev.tollgate.store.Profile(null, false, "Carol Renamed", null, null, null)));
        assertThat(assertClaims(userinfo(token)).get("name").asText()).isEqualTo("Carol Renamed");
    }

    @Test
    void userinfoWhenTokenMissingThen401WithBareChallenge() {
        for (TestServer.Response response : new TestServer.Response[] {
                server.get("/userinfo"),
                server.post("/userinfo", null, ""),
                server.form("/userinfo", "other=x"),
                server.get("/userinfo", "Authorization", TestServer.basic("app", "app-secret"))}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo(REALM);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.error()).isNotBlank();
        }
    }

    @Test
    void userinfoWhenTokenGarbageThen401InvalidToken() {
        assertChallenge(userinfo("garbage"), 401, "invalid_token");
        assertChallenge(userinfo("a.b.c"), 401, "invalid_token");
        String token = accessToken("openid");
        assertChallenge(userinfo(token.substring(0, token.length() - 4) + "AAAA"), 401, "invalid_token");
    }

    @Test
    void userinfoWhenTokenExpiredThen401InvalidToken() {
        String jwt = accessToken("openid");
        String opaque = accessToken("openid%20orders:read&audience=urn:example:opaque");
        CLOCK.advance(Duration.ofSeconds(601));
        assertChallenge(userinfo(jwt), 401, "invalid_token");
        assertChallenge(userinfo(opaque), 401, "invalid_token");
    }

    @Test
    void userinfoWhenTokenRevokedThen401InvalidToken() {
        String jwt = accessToken("openid");
        String opaque = accessToken("openid%20orders:read&audience=urn:example:opaque");
        for (String token : new String[] {jwt, opaque}) {
            assertClaims(userinfo(token));
            assertThat(server.form("/oauth/revoke", "token=" + token,
                    "Authorization", TestServer.basic("app", "app-secret")).status()).isEqualTo(200);
            assertChallenge(userinfo(token), 401, "invalid_token");
        }
    }

    @Test
    void userinfoWhenLoginFamilyRevokedByRefreshReuseThen401InvalidToken() {
        JsonNode tokens = login("openid");
        String refresh = tokens.get("refresh_token").asText();
        String body = "grant_type=refresh_token&refresh_token=" + refresh;
        assertThat(server.form("/oauth/token", body, "Authorization", TestServer.basic("app", "app-secret")).status())
                .isEqualTo(200);
        assertThat(server.form("/oauth/token", body, "Authorization", TestServer.basic("app", "app-secret")).error())
                .isEqualTo("invalid_grant");
        assertChallenge(userinfo(tokens.get("access_token").asText()), 401, "invalid_token");
    }

    @Test
    void userinfoWhenIdTokenSentInsteadThen401InvalidToken() {
        assertChallenge(userinfo(login("openid").get("id_token").asText()), 401, "invalid_token");
    }

    @Test
    void userinfoWhenUserRemovedThen401InvalidToken() {
        server.users().add(new UserSpec("dave", java.util.List.of(), null), "dave-password");
        TestServer.Response login = server.form("/oauth/token",
                "grant_type=password&client_id=native&username=dave&password=dave-password&scope=openid");
        assertThat(login.json().has("refresh_token")).as("no login family to revoke").isFalse();
        String token = login.json().get("access_token").asText();
        assertClaims(userinfo(token));
        server.users().remove("dave");
        assertThat(server.users().find("dave")).isEmpty();
        assertChallenge(userinfo(token), 401, "invalid_token");
    }

    @Test
    void userinfoWhenTokenWithoutOpenIdThen403InsufficientScope() {
        TestServer.Response response = userinfo(accessToken("read%20profile"));
        assertChallenge(response, 403, "insufficient_scope");
        assertThat(response.header("WWW-Authenticate")).endsWith(", scope=\"openid\"");
    }

    @Test
    void userinfoWhenClientCredentialsTokenThen403InsufficientScope() {
        TestServer.Response token = server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("service", "service-secret"));
        assertThat(token.json().get("scope").asText()).isEqualTo("read");
        assertChallenge(userinfo(token.json().get("access_token").asText()), 403, "insufficient_scope");
    }

    @Test
    void userinfoWhenTokenInQueryStringThen400InvalidRequest() {
        String token = accessToken("openid");
        assertChallenge(server.get("/userinfo?access_token=" + token), 400, "invalid_request");
        assertChallenge(server.get("/userinfo?access%5Ftoken=" + token, "Authorization", "Bearer " + token),
                400, "invalid_request");
        assertChallenge(server.form("/userinfo?access_token=" + token, ""), 400, "invalid_request");
    }

    @Test
    void userinfoWhenTokenSentTwiceThen400InvalidRequest() {
        String token = accessToken("openid");
        assertChallenge(server.form("/userinfo", "access_token=" + token, "Authorization", "Bearer " + token),
                400, "invalid_request");
        assertChallenge(server.form("/userinfo", "access_token=" + token + "&access_token=" + token),
                400, "invalid_request");
    }

    @Test
    void userinfoWhenBearerHeaderMalformedThen400InvalidRequest() {
        assertChallenge(server.get("/userinfo", "Authorization", "Bearer"), 400, "invalid_request");
        assertChallenge(server.get("/userinfo", "Authorization", "Bearer a b"), 400, "invalid_request");
        assertChallenge(server.get("/userinfo", "Authorization", "Bearer \"quoted\""), 400, "invalid_request");
    }

    @Test
    void userinfoAcceptsTheSchemeInAnyCase() {
        assertClaims(server.get("/userinfo", "Authorization", "bearer " + accessToken("openid")));
    }

    @Test
    void userinfoWhenOtherMethodThen405() {
        TestServer.Response response = server.send(HttpRequest.newBuilder(URI.create(server.url("/userinfo")))
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, POST");
    }
}
