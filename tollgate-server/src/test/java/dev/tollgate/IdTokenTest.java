package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.store.User;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ID tokens on the password and refresh grants (OpenID Connect Core section 2), the claims each
 * scope releases (section 5.4), and the UserInfo audience that {@code openid} adds to access tokens.
 */
class IdTokenTest {
    static final String CONFIG = Toml.config()
            .section("tokens", "access_token_ttl", 600)
            .client("app", "scopes",
                    Toml.list("read", "orders:read", "openid", "profile", "email", "phone", "address", "offline_access"),
                    "can_introspect", true)
            .client("plain", "scopes", Toml.list("read"))
            .publicClient("native", "grant_types", Toml.list("password"), "scopes", Toml.list("read", "openid"))
            .api("https://api.example.com/orders", "scopes", Toml.list("orders:read"), "signing_alg", "ES256")
            .api("urn:example:opaque", "scopes", Toml.list("orders:read"), "token_format", "opaque")
            .user("alice", Toml.with(Toml.ALICE_CLAIMS, "scopes", Toml.list("read", "orders:read"),
                    "phone_number_verified", true))
            .user("bob", "scopes", Toml.list("read"))
            .toString();
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

    static JsonNode login(String user, String scope) {
        return server.login(user, user + "-password", "&scope=" + scope);
    }

    static JsonNode refresh(String refreshToken, String extra) {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=refresh_token&refresh_token=" + refreshToken + extra,
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The ID token of a token response, its RS256 signature checked against the published JWKS. */
    static JWTClaimsSet verifiedIdToken(JsonNode tokenResponse) throws Exception {
        return verifiedIdTokenOf(server, tokenResponse);
    }

    static JWTClaimsSet verifiedIdTokenOf(TestServer server, JsonNode tokenResponse) throws Exception {
        assertThat(tokenResponse.has("id_token")).as(tokenResponse.toString()).isTrue();
        SignedJWT jwt = SignedJWT.parse(tokenResponse.get("id_token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWKSet jwks = JWKSet.parse(server.get("/.well-known/jwks.json").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    static String aliceId() {
        return server.services().stores().users().findByUsername("alice").map(User::id).orElseThrow();
    }

    @Test
    void passwordGrantWithOpenIdReturnsIdTokenForTheClientAboutTheSameSubject() throws Exception {
        long before = CLOCK.instant().getEpochSecond();
        JsonNode json = login("alice", "openid");
        JWTClaimsSet id = verifiedIdToken(json);
        JWTClaimsSet access = AccessTokenTest.claims(json);
        assertThat(id.getIssuer()).isEqualTo(server.tollgate.issuer());
        assertThat(id.getSubject()).isEqualTo(access.getSubject()).isEqualTo(aliceId());
        assertThat(id.getAudience()).containsExactly("app");
        assertThat(id.getStringClaim("azp")).isEqualTo("app");
        assertThat(id.getIssueTime().getTime() / 1000).isEqualTo(before);
        assertThat(id.getExpirationTime()).as("the access token's lifetime").isEqualTo(access.getExpirationTime());
        assertThat(id.getExpirationTime().getTime() - id.getIssueTime().getTime()).isEqualTo(600_000);
        assertThat(id.getLongClaim("auth_time")).isEqualTo(before);
        assertThat(id.getStringClaim("sid")).isEqualTo(access.getStringClaim("sid")).isNotNull();
        assertThat(id.getClaim("nonce")).isNull();
        assertThat(json.get("scope").asText()).isEqualTo("openid");
    }

    @Test
    void passwordGrantWithoutOpenIdHasNoIdToken() {
        assertThat(login("alice", "read%20profile%20email").has("id_token")).isFalse();
        TestServer.Response noScope = server.form("/oauth/token",
                "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(noScope.json().has("id_token")).as("openid must be asked for").isFalse();
        assertThat(noScope.json().get("scope").asText()).isEqualTo("orders:read read");
    }

    @Test
    void openIdAloneReleasesNoProfileClaims() throws Exception {
        JWTClaimsSet id = verifiedIdToken(login("alice", "openid"));
        assertThat(id.getClaims()).containsOnlyKeys("iss", "sub", "aud", "exp", "iat", "auth_time", "azp", "sid");
    }

    @Test
    void profileScopeReleasesProfileClaimsOnly() throws Exception {
        JWTClaimsSet id = verifiedIdToken(login("alice", "openid%20profile"));
        User alice = server.services().stores().users().findByUsername("alice").orElseThrow();
        assertThat(id.getStringClaim("name")).isEqualTo("Alice Example");
        assertThat(id.getStringClaim("given_name")).isEqualTo("Alice");
        assertThat(id.getStringClaim("family_name")).isEqualTo("Example");
        assertThat(id.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(id.getLongClaim("updated_at")).isEqualTo(alice.updatedAt()).isPositive();
        assertThat(id.getClaims()).doesNotContainKeys("email", "email_verified", "phone_number", "address");
    }

    @Test
    void emailScopeReleasesEmailClaimsOnly() throws Exception {
        JWTClaimsSet id = verifiedIdToken(login("alice", "openid%20email"));
        assertThat(id.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(id.getBooleanClaim("email_verified")).isTrue();
        assertThat(id.getClaims()).doesNotContainKeys("name", "preferred_username", "phone_number", "address");
    }

    @Test
    void phoneAndAddressScopesReleaseTheirClaims() throws Exception {
        JWTClaimsSet id = verifiedIdToken(login("alice", "openid%20phone%20address"));
        assertThat(id.getStringClaim("phone_number")).isEqualTo("+1 555 0100");
        assertThat(id.getBooleanClaim("phone_number_verified")).isTrue();
        assertThat(id.getJSONObjectClaim("address")).containsExactly(Map.entry("formatted", "1 Main Street\nSpringfield"));
        assertThat(id.getClaims()).doesNotContainKeys("email", "name");
    }

    @Test
    void claimsTheUserHasNoValueForAreLeftOut() throws Exception {
        JWTClaimsSet id = verifiedIdToken(login("bob", "openid%20profile%20email%20phone%20address"));
        assertThat(id.getStringClaim("preferred_username")).isEqualTo("bob");
        assertThat(id.getClaims()).containsKey("updated_at")
                .doesNotContainKeys("name", "given_name", "family_name", "email", "email_verified", "phone_number",
                        "phone_number_verified", "address");
    }

    @Test
    void accessTokenWithOpenIdAlsoNamesTheUserInfoEndpoint() {
        String userinfo = server.tollgate.issuer() + "/userinfo";
        assertThat(AccessTokenTest.claims(login("alice", "openid%20read")).getAudience())
                .containsExactly(server.tollgate.issuer(), userinfo);
        assertThat(AccessTokenTest.claims(login("alice", "read")).getAudience())
                .containsExactly(server.tollgate.issuer());
        JsonNode api = login("alice", "openid%20orders:read&audience=https://api.example.com/orders");
        assertThat(AccessTokenTest.claims(api).getAudience()).containsExactly("https://api.example.com/orders", userinfo);
    }

    @Test
    void idTokenIsRs256EvenWhenTheApiSignsAccessTokensOtherwise() throws Exception {
        JsonNode json = login("alice", "openid%20orders:read&audience=https://api.example.com/orders");
        assertThat(SignedJWT.parse(json.get("access_token").asText()).getHeader().getAlgorithm())
                .isEqualTo(JWSAlgorithm.ES256);
        assertThat(verifiedIdToken(json).getSubject()).isEqualTo(aliceId());
    }

    @Test
    void opaqueAccessTokenWithOpenIdIntrospectsWithTheUserInfoAudience() throws Exception {
        JsonNode json = login("alice", "openid%20orders:read&audience=urn:example:opaque");
        assertThat(json.get("access_token").asText()).doesNotContain(".");
        assertThat(verifiedIdToken(json).getSubject()).isEqualTo(aliceId());
        JsonNode introspection = server.form("/oauth/introspect", "token=" + json.get("access_token").asText(),
                "Authorization", TestServer.basic("app", "app-secret")).json();
        assertThat(introspection.get("aud").toString())
                .isEqualTo("[\"urn:example:opaque\",\"" + server.tollgate.issuer() + "/userinfo\"]");
    }

    @Test
    void publicClientGetsAnIdTokenForItself() throws Exception {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&client_id=native&username=alice&password=alice-password&scope=openid");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JWTClaimsSet id = verifiedIdToken(response.json());
        assertThat(id.getAudience()).containsExactly("native");
        assertThat(id.getStringClaim("sid")).as("no refresh token, no login family").isNull();
    }

    @Test
    void clientWithoutOpenIdScopeAskingForItIsInvalidScope() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token",
                "grant_type=password&username=alice&password=alice-password&scope=openid",
                "Authorization", TestServer.basic("plain", "plain-secret")), 400, "invalid_scope");
    }

    @Test
    void refreshWithOpenIdReturnsNewIdTokenWithTheOriginalLoginTime() throws Exception {
        JsonNode first = login("alice", "openid%20profile%20read");
        JWTClaimsSet original = verifiedIdToken(first);
        CLOCK.advance(Duration.ofSeconds(120));
        JsonNode refreshed = refresh(first.get("refresh_token").asText(), "");
        JWTClaimsSet renewed = verifiedIdToken(refreshed);
        assertThat(renewed.getSubject()).isEqualTo(original.getSubject());
        assertThat(renewed.getAudience()).containsExactly("app");
        assertThat(renewed.getLongClaim("auth_time")).isEqualTo(original.getLongClaim("auth_time"));
        assertThat(renewed.getIssueTime().getTime() - original.getIssueTime().getTime()).isEqualTo(120_000);
        assertThat(renewed.getStringClaim("name")).isEqualTo("Alice Example");
        assertThat(renewed.getStringClaim("sid")).isEqualTo(original.getStringClaim("sid"));
    }

    @Test
    void refreshNarrowedToExcludeOpenIdHasNoIdTokenButTheNextOneMay() throws Exception {
        JsonNode first = login("alice", "openid%20read");
        JsonNode narrowed = refresh(first.get("refresh_token").asText(), "&scope=read");
        assertThat(narrowed.has("id_token")).isFalse();
        assertThat(AccessTokenTest.claims(narrowed).getAudience()).containsExactly(server.tollgate.issuer());
        JsonNode again = refresh(narrowed.get("refresh_token").asText(), "");
        assertThat(verifiedIdToken(again).getSubject()).isEqualTo(aliceId());
    }

    @Test
    void refreshWithoutOpenIdNeverHasIdToken() {
        JsonNode first = login("alice", "read");
        assertThat(refresh(first.get("refresh_token").asText(), "").has("id_token")).isFalse();
    }
}
