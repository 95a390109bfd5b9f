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
import dev.tollgate.oauth.OpaqueTokens;
import dev.tollgate.store.User;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access token is an RFC 9068 JWT that verifies against the published JWKS; the refresh token is stored hashed. */
class AccessTokenTest {
    static final String CONFIG = """
            [tokens]
            default_audience = "https://api.example.com"
            access_token_ttl = 600

            [[clients]]
            id = "app"
            secret = "app-secret"
            grant_types = ["password", "refresh_token"]
            scopes = ["read", "write", "admin"]

            [[clients]]
            id = "short"
            secret = "short-secret"
            grant_types = ["password"]
            scopes = ["read"]
            access_token_ttl = 60

            [[users]]
            username = "Alice"
            password = "alice-password"
            scopes = ["read", "write"]
            """;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode token(String client, String secret, String extra) {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=Alice&password=alice-password" + extra,
                "Authorization", TestServer.basic(client, secret));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static JWTClaimsSet claims(JsonNode tokenResponse) {
        try {
            return SignedJWT.parse(tokenResponse.get("access_token").asText()).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void accessTokenIsRfc9068JwtSignedByPublishedKey() throws Exception {
        JsonNode json = token("app", "app-secret", "&scope=read");
        SignedJWT jwt = SignedJWT.parse(json.get("access_token").asText());
        JWKSet jwks = JWKSet.parse(server.get("/.well-known/jwks.json").body());

        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        User alice = server.services().stores().users().findByUsername("alice").orElseThrow();
        assertThat(claims.getIssuer()).isEqualTo(server.tollgate.issuer());
        assertThat(claims.getSubject()).isEqualTo(alice.id()).isNotEqualTo("Alice");
        assertThat(claims.getAudience()).containsExactly("https://api.example.com");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(600_000);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim("client_id")).isEqualTo("app");
        assertThat(claims.getStringClaim("scope")).isEqualTo("read");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("Alice");
        assertThat(json.get("expires_in").asLong()).isEqualTo(600);
    }

    @Test
    void tokensCarryFreshIdentifiers() throws Exception {
        String first = SignedJWT.parse(token("app", "app-secret", "").get("access_token").asText()).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(token("app", "app-secret", "").get("access_token").asText()).getJWTClaimsSet().getJWTID();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void noScopeRequestedGrantsClientScopesMeetUserScopes() {
        JsonNode json = token("app", "app-secret", "");
        assertThat(json.get("scope").asText()).isEqualTo("read write");
    }

    @Test
    void requestedScopeIsCutToWhatTheUserMayGrant() {
        JsonNode json = token("app", "app-secret", "&scope=read%20admin");
        assertThat(json.get("scope").asText()).isEqualTo("read");
    }

    @Test
    void usernameMatchesCaseInsensitively() {
        TestServer.Response response = server.form("/oauth/token", "grant_type=password&username=ALICE&password=alice-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void perClientAccessTokenTtlOverridesDefault() {
        JsonNode json = token("short", "short-secret", "");
        assertThat(json.get("expires_in").asLong()).isEqualTo(60);
        assertThat(json.has("refresh_token")).as("client without the refresh_token grant").isFalse();
        assertThat(json.has("issued_at")).as("include_issued_at defaults to false").isFalse();
    }

    @Test
    void refreshTokenIsRandomAndStoredOnlyAsSha256() {
        String refresh = token("app", "app-secret", "&scope=write").get("refresh_token").asText();
        assertThat(Base64.getUrlDecoder().decode(refresh)).hasSizeGreaterThanOrEqualTo(32);
        String hash = OpaqueTokens.hash(refresh);
        Map<String, Object> row = server.services().stores().database().jdbi().withHandle(h ->
                h.createQuery("SELECT * FROM refresh_tokens WHERE token_hash = :h").bind("h", hash).mapToMap().one());
        assertThat(row.get("client_id")).isEqualTo("app");
        assertThat(row.get("scopes")).isEqualTo("write");
        assertThat(row.get("user_id")).isEqualTo(server.services().stores().users().findByUsername("alice").orElseThrow().id());
        long stored = server.services().stores().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = :t").bind("t", refresh).mapTo(Long.class).one());
        assertThat(stored).as("the raw token is never stored").isZero();
    }
}
