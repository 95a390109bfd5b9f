package dev.tollgate.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    FakeIssuer issuer;
    TokenVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
        verifier = issuer.verifier();
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void acceptsAnAccessTokenJwtAndReadsItsClaims() throws Exception {
        VerifiedToken token = verifier.verify(issuer.token("orders:read orders:write"));
        assertThat(token.subject()).isEqualTo("user-1");
        assertThat(token.getName()).isEqualTo("user-1");
        assertThat(token.clientId()).isEqualTo("app");
        assertThat(token.username()).isEqualTo("alice");
        assertThat(token.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(token.audience()).containsExactly("https://api.example.com");
        assertThat(token.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void keysAreFetchedOnceAndCached() throws Exception {
        verifier.loadKeys();
        for (int i = 0; i < 5; i++) {
            verifier.verify(issuer.token("read"));
        }
        assertThat(issuer.jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void anUnknownKeyIdFetchesTheKeysAgain() throws Exception {
        verifier.verify(issuer.token("read"));
        issuer.rotate();
        VerifiedToken token = verifier.verify(issuer.token("read"));
        assertThat(token.subject()).isEqualTo("user-1");
        assertThat(issuer.jwksRequests.get()).isEqualTo(2);
    }

    @Test
    void aKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
        verifier.verify(issuer.token("read"));
        issuer.rotateUnpublished();
        assertRejected(issuer.token("read"), "signature");
    }

    @Test
    void refusesWrongTypeIssuerExpiryAndTampering() throws Exception {
        assertRejected(issuer.token(issuer.claims("read").build(), JOSEObjectType.JWT), "type");
        assertRejected(issuer.token(issuer.claims("read").issuer("https://other.example.com").build(), TokenVerifier.AT_JWT), "claims");
        assertRejected(issuer.token(issuer.claims("read").expirationTime(Date.from(Instant.now().minusSeconds(3600))).build(),
                TokenVerifier.AT_JWT), "expired");
        String good = issuer.token("read");
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                issuer.claims("admin").build().toString().getBytes()) + "." + parts[2];
        assertRejected(forged, "signature");
        assertRejected("not.a.jwt", "malformed");
    }

    @Test
    void aJwtSeenAgainComesFromTheCacheUnlessTheCacheIsOff() throws Exception {
        String token = issuer.token("read");
        assertThat(verifier.verify(token)).isSameAs(verifier.verify(token));
        TokenVerifier uncached = TokenVerifier.forIssuer(verifier.issuer()).verifiedJwtCache(0, java.time.Duration.ZERO)
                .build();
        assertThat(uncached.verify(token)).isNotSameAs(uncached.verify(token)).isEqualTo(uncached.verify(token));
    }

    @Test
    void aCachedJwtIsRefusedOnceItExpires() throws Exception {
        TokenVerifier strict = TokenVerifier.forIssuer(verifier.issuer()).clockSkew(java.time.Duration.ZERO).build();
        Instant expiry = Instant.now().plusSeconds(2);
        String token = issuer.token(issuer.claims("read").expirationTime(Date.from(expiry)).build(), TokenVerifier.AT_JWT);
        assertThat(strict.verify(token).subject()).isEqualTo("user-1");
        Thread.sleep(java.time.Duration.between(Instant.now(), expiry).toMillis() + 1100);
        assertThatThrownBy(() -> strict.verify(token)).isInstanceOf(TokenRejected.class).hasMessageContaining("expired");
    }

    @Test
    void opaqueTokensAreIntrospectedAndTheAnswerCached() throws Exception {
        String opaque = issuer.opaqueToken("orders:read");
        VerifiedToken token = verifier.verify(opaque);
        assertThat(token.subject()).isEqualTo("user-2");
        assertThat(token.username()).isEqualTo("bob");
        assertThat(token.scopes()).containsExactly("orders:read");
        verifier.verify(opaque);
        assertThat(issuer.introspections.get()).as("the second answer came from the cache").isEqualTo(1);
        assertRejected("unknown-opaque-token", "not active");
    }

    @Test
    void revocationIsSeenWhenTheCacheExpires() throws Exception {
        TokenVerifier uncached = TokenVerifier.forIssuer(issuer.issuer).clientCredentials(FakeIssuer.CLIENT, FakeIssuer.SECRET)
                .introspectionCache(java.time.Duration.ZERO).build();
        String opaque = issuer.opaqueToken("read");
        uncached.verify(opaque);
        issuer.opaque.remove(opaque);
        assertThatThrownBy(() -> uncached.verify(opaque)).isInstanceOf(TokenRejected.class);
    }

    @Test
    void checkRevocationIntrospectsJwtsToo() throws Exception {
        String jwt = issuer.token("read");
        assertThat(verifier.verify(jwt, false).subject()).isEqualTo("user-1");
        assertThatThrownBy(() -> verifier.verify(jwt, true)).isInstanceOf(TokenRejected.class)
                .hasMessageContaining("not active");
        assertThat(issuer.introspections.get()).isEqualTo(1);
    }

    @Test
    void withoutClientCredentialsOpaqueTokensAreRefused() {
        TokenVerifier jwtOnly = TokenVerifier.forIssuer(issuer.issuer).build();
        assertThatThrownBy(() -> jwtOnly.verify(issuer.opaqueToken("read"))).isInstanceOf(TokenRejected.class);
        assertThat(issuer.introspections.get()).isZero();
    }

    @Test
    void anUnreachableIssuerIsUnavailableNotARefusal() throws Exception {
        String token = issuer.token("read");
        issuer.close();
        assertThatThrownBy(() -> issuer.verifier().verify(token)).isInstanceOf(IssuerUnavailable.class);
    }

    @Test
    void metadataNamingAnotherIssuerIsNotTrusted() {
        TokenVerifier wrong = TokenVerifier.forIssuer(issuer.issuer + "/").build();
        assertThatThrownBy(wrong::loadKeys).isInstanceOf(IssuerUnavailable.class);
    }

    @Test
    void requirementsCheckAudienceAndScopes() throws Exception {
        VerifiedToken token = verifier.verify(issuer.token("orders:read"));
        assertThat(new Requirement("https://api.example.com", java.util.Set.of("orders:read")).check(token, "r")).isEmpty();
        assertThat(new Requirement("https://other.example.com", java.util.Set.of()).check(token, "r").orElseThrow().error())
                .isEqualTo("invalid_token");
        BearerError scope = new Requirement(null, java.util.Set.of("orders:write", "orders:read")).check(token, "r").orElseThrow();
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.challenge()).isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", "
                + "error_description=\"the token lacks a scope this resource requires: orders:read orders:write\", "
                + "scope=\"orders:read orders:write\"");
    }

    private void assertRejected(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejected.class).hasMessageContaining(reason);
    }
}
