package dev.tollgate.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.store.Client;
import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.TokenStore;
import dev.tollgate.store.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues the tokens of a successful grant: a JWT access token in the RFC 9068 profile, and, when
 * asked, an opaque refresh token of 256 random bits of which only the SHA-256 is stored.
 */
public final class TokenIssuer {
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final TokenStore tokens;
    private final Clock clock;
    private final Settings settings;
    private final SecureRandom random = new SecureRandom();

    /** Server-wide token settings; {@code audience} is the default {@code aud}. */
    public record Settings(String issuer, String audience, long accessTokenTtl, long refreshTokenTtl) {}

    public TokenIssuer(SigningKeys keys, TokenStore tokens, Clock clock, Settings settings) {
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
        this.settings = settings;
    }

    public TokenResponse issue(Client client, User user, Set<String> scopes, boolean withRefreshToken) {
        Instant now = clock.instant();
        long ttl = client.accessTokenTtl() != null ? client.accessTokenTtl() : settings.accessTokenTtl();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(user.id())
                .audience(settings.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", client.id())
                .claim("preferred_username", user.username());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", new TreeSet<>(scopes)));
        }
        String accessToken = keys.sign(claims.build(), AT_JWT);
        String refreshToken = withRefreshToken ? newRefreshToken(client, user, scopes, now) : null;
        return new TokenResponse(accessToken, ttl, refreshToken, scopes, now.getEpochSecond(), user.username());
    }

    private String newRefreshToken(Client client, User user, Set<String> scopes, Instant now) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.saveRefreshToken(new RefreshToken(sha256(token), UUID.randomUUID().toString(), client.id(),
                user.id(), scopes, now.getEpochSecond(), now.plusSeconds(settings.refreshTokenTtl()).getEpochSecond()));
        return token;
    }

    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
