package dev.tollgate.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.Client;
import java.time.Clock;
import java.time.Instant;
import java.text.ParseException;

/**
 * Token revocation (RFC 7009). A client may revoke only its own tokens; anything else, unknown
 * and already revoked tokens included, is silently accepted, so the response reveals nothing.
 * Revoking a refresh token revokes its family and the access tokens issued from it; revoking a
 * JWT access token records its {@code jti} until the JWT expires.
 */
public final class Revocation {
    private final ClientAuthentication clientAuthentication;
    private final AccessTokenValidator accessTokens;
    private final AccessTokenStore accessTokenStore;
    private final RefreshTokens refreshTokens;
    private final Clock clock;
    private final AuditLog audit;

    public Revocation(ClientAuthentication clientAuthentication, AccessTokenValidator accessTokens,
            AccessTokenStore accessTokenStore, RefreshTokens refreshTokens, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.clientAuthentication = clientAuthentication;
        this.accessTokens = accessTokens;
        this.accessTokenStore = accessTokenStore;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public void revoke(TokenRequest request) {
        Client client = clientAuthentication.authenticate(request);
        String token = request.required("token");
        Instant now = clock.instant();
        if (OpaqueTokens.looksLikeJwt(token)) {
            accessTokens.signedClaims(token).filter(claims -> ownedBy(claims, client)).ifPresent(claims -> {
                accessTokenStore.revokeJwtId(claims.getJWTID(), AccessTokenValidator.seconds(claims.getExpirationTime()));
                accessTokens.revoked(claims.getJWTID());
                audit.tokenRevoked(client.id(), username(claims), request.clientIp(), "access_token");
            });
            return;
        }
        String hash = OpaqueTokens.hash(token);
        refreshTokens.find(token).filter(found -> found.clientId().equals(client.id())).ifPresent(found -> {
            refreshTokens.revokeFamily(found.familyId(), now);
            audit.tokenRevoked(client.id(), null, request.clientIp(), "refresh_token");
        });
        accessTokenStore.find(hash).filter(found -> found.clientId().equals(client.id())).ifPresent(found -> {
            accessTokenStore.revoke(hash, now.getEpochSecond());
            audit.tokenRevoked(client.id(), found.username(), request.clientIp(), "access_token");
        });
    }

    private static String username(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("preferred_username");
        } catch (ParseException e) {
            return null;
        }
    }

    private static boolean ownedBy(JWTClaimsSet claims, Client client) {
        try {
            return client.id().equals(claims.getStringClaim("client_id"));
        } catch (ParseException e) {
            return false;
        }
    }
}
