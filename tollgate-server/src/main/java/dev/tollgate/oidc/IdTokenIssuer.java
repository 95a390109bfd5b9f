package dev.tollgate.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.oauth.Grant;
import dev.tollgate.oauth.IdTokens;
import java.time.Instant;
import java.util.Date;

/**
 * ID tokens (OpenID Connect Core section 2) for grants that include {@code openid} and have a
 * user. Always RS256, the one algorithm every OpenID Connect client must accept (section 15.1),
 * whatever the access token's API uses. The audience is the client; {@code azp} names it too, as
 * Keycloak does. No {@code nonce}: without an authorization request there is none to echo.
 */
public final class IdTokenIssuer implements IdTokens {
    private final SigningKeys keys;
    private final String issuer;

    public IdTokenIssuer(SigningKeys keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    @Override
    public String issue(Grant grant, Instant authTime, long ttl, String familyId, Instant now) {
        if (!grant.scopes().contains(StandardClaims.OPENID) || !grant.subject().isUser()) {
            return null;
        }
        String clientId = grant.client().id();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.subject().id())
                .audience(clientId)
                .expirationTime(Date.from(now.plusSeconds(ttl)))
                .issueTime(Date.from(now))
                .claim("auth_time", authTime.getEpochSecond())
                .claim("azp", clientId);
        if (familyId != null) {
            claims.claim("sid", familyId);
        }
        if (!grant.amr().isEmpty()) {
            claims.claim("amr", grant.amr());
        }
        StandardClaims.of(grant.subject().user(), grant.scopes()).forEach(claims::claim);
        return keys.sign(claims.build(), JOSEObjectType.JWT, "RS256");
    }
}
