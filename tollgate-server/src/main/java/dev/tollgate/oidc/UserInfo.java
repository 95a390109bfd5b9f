package dev.tollgate.oidc;

import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.BearerChallenge;
import dev.tollgate.oauth.TokenInfo;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The UserInfo endpoint (OpenID Connect Core section 5.3): the user's claims that the access
 * token's scopes release. The token is checked as introspection checks it (JWT or opaque,
 * unexpired, not revoked, its login family not revoked) and must have been granted
 * {@code openid}. The user is read afresh, so the claims are current and a removed user's token
 * is refused.
 */
public final class UserInfo {
    private final AccessTokenValidator accessTokens;
    private final Directories directories;

    public UserInfo(AccessTokenValidator accessTokens, Directories directories) {
        this.accessTokens = accessTokens;
        this.directories = directories;
    }

    public Map<String, Object> claims(String accessToken) {
        TokenInfo token = accessTokens.validate(accessToken).orElseThrow(() ->
                BearerChallenge.invalidToken("the access token is malformed, expired, revoked or not ours"));
        if (!token.scopes().contains(StandardClaims.OPENID)) {
            throw BearerChallenge.insufficientScope(StandardClaims.OPENID,
                    "the access token was not granted the openid scope");
        }
        // Only user tokens carry a username; a client's id must never be taken for a user's.
        Optional<Identity> found = token.username() == null ? Optional.empty()
                : directories.findUser(token.userDirectory(), token.subject());
        Identity user = found.orElseThrow(() -> BearerChallenge.invalidToken("the access token's user no longer exists"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.id());
        claims.putAll(StandardClaims.of(user, token.scopes()));
        return claims;
    }
}
