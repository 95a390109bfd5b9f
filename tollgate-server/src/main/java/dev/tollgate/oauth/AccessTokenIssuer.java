package dev.tollgate.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.Api;
import dev.tollgate.store.OpaqueAccessToken;
import java.time.Instant;
import java.util.Date;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues access tokens: JWTs in the RFC 9068 profile, or, for APIs that ask for them, opaque
 * tokens of which only the SHA-256 is stored. Tokens issued from a refresh token family carry the
 * family as {@code sid}, so revoking the family deactivates them. An opaque token stores only its
 * API as audience; the UserInfo audience that {@code openid} adds is derived from its scopes.
 */
public final class AccessTokenIssuer {
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final AccessTokenStore store;
    private final TokenSettings settings;

    /** An access token and its lifetime in seconds. */
    public record Issued(String value, long ttl) {}

    public AccessTokenIssuer(SigningKeys keys, AccessTokenStore store, TokenSettings settings) {
        this.keys = keys;
        this.store = store;
        this.settings = settings;
    }

    public Issued issue(Grant grant, String familyId, Instant now) {
        long ttl = ttl(grant);
        Instant expiry = now.plusSeconds(ttl);
        String audience = grant.api() == null ? settings.audience() : grant.api().identifier();
        String jti = UUID.randomUUID().toString();
        if (grant.api() != null && grant.api().opaque()) {
            String value = OpaqueTokens.newValue();
            store.save(new OpaqueAccessToken(OpaqueTokens.hash(value), familyId, grant.client().id(),
                    grant.subject().id(), grant.subject().userId(), grant.subject().directory(), grant.subject().username(), grant.scopes(),
                    audience, jti, now.getEpochSecond(), expiry.getEpochSecond(), null));
            return new Issued(value, ttl);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(grant.subject().id())
                .audience(settings.accessTokenAudience(audience, grant.scopes()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .jwtID(jti)
                .claim("client_id", grant.client().id());
        if (!grant.scopes().isEmpty()) {
            claims.claim("scope", String.join(" ", new TreeSet<>(grant.scopes())));
        }
        if (grant.subject().username() != null) {
            claims.claim("preferred_username", grant.subject().username());
        }
        if (familyId != null) {
            claims.claim("sid", familyId);
        }
        if (!grant.amr().isEmpty()) {
            claims.claim("amr", grant.amr());
        }
        String alg = grant.api() == null ? "RS256" : grant.api().signingAlg();
        JOSEObjectType typ = grant.api() == null || Api.AT_JWT.equals(grant.api().tokenTyp())
                ? AT_JWT
                : JOSEObjectType.JWT;
        return new Issued(keys.sign(claims.build(), typ, alg), ttl);
    }

    /** The API's lifetime if it sets one, else the client's, else the server's. */
    private long ttl(Grant grant) {
        Api api = grant.api();
        if (api != null && api.accessTokenTtl() != null) {
            return api.accessTokenTtl();
        }
        Long client = grant.client().accessTokenTtl();
        return client != null ? client : settings.accessTokenTtl();
    }
}
