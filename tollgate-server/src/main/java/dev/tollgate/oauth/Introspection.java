package dev.tollgate.oauth;

import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.store.Client;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662) for access tokens (JWT and opaque) and refresh tokens. Only
 * confidential clients allowed to ({@code can_introspect}) may introspect: a public client proves
 * nothing about itself, and a client that acts for users has no need to read other clients'
 * tokens. A refresh token is shown only to the client it was issued to, since it is that
 * client's credential and no resource server's business. A token that is not active, whatever
 * the reason, is exactly {@code {"active": false}}.
 */
public final class Introspection {
    static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ClientAuthentication clientAuthentication;
    private final AccessTokenValidator accessTokens;
    private final RefreshTokens refreshTokens;
    private final Directories directories;
    private final TokenSettings settings;
    private final Clock clock;

    public Introspection(ClientAuthentication clientAuthentication, AccessTokenValidator accessTokens,
            RefreshTokens refreshTokens, Directories directories, TokenSettings settings, Clock clock) {
        this.clientAuthentication = clientAuthentication;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.directories = directories;
        this.settings = settings;
        this.clock = clock;
    }

    public Map<String, Object> introspect(TokenRequest request) {
        Client client = clientAuthentication.authenticate(request);
        if (client.isPublic()) {
            throw ClientAuthentication.invalidClient("public clients may not introspect tokens");
        }
        // RFC 7662 section 2.3: a client whose credentials do not entitle it to introspect gets 401
        if (!client.canIntrospect()) {
            throw ClientAuthentication.invalidClient("this client may not introspect tokens");
        }
        String token = request.required("token");
        boolean refreshFirst = "refresh_token".equals(request.param("token_type_hint"));
        Optional<TokenInfo> info = refreshFirst
                ? refresh(token, client).or(() -> accessTokens.validate(token))
                : accessTokens.validate(token).or(() -> refresh(token, client));
        return info.map(TokenInfo::toIntrospection).orElse(INACTIVE);
    }

    private Optional<TokenInfo> refresh(String token, Client client) {
        if (OpaqueTokens.looksLikeJwt(token)) {
            return Optional.empty();
        }
        return refreshTokens.usable(token, clock.instant())
                .filter(usable -> client.id().equals(usable.token().clientId()))
                .map(usable -> {
                    String userId = usable.family().userId();
                    String directory = usable.family().userDirectory();
                    String username = userId == null ? null
                            : directories.findUser(directory, userId).map(Identity::username).orElse(null);
                    String audience = usable.family().audience() == null ? settings.audience() : usable.family().audience();
                    return new TokenInfo("refresh_token", usable.token().clientId(),
                            userId == null ? usable.token().clientId() : userId, username, directory, usable.token().scopes(),
                            List.of(audience), settings.issuer(), usable.token().expiresAt(), usable.token().issuedAt(), null,
                            usable.family().id());
                });
    }
}
