package dev.tollgate.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import dev.tollgate.identity.Directory;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import dev.tollgate.store.User;
import java.util.Set;

/**
 * The resource owner password credentials grant (RFC 6749 section 4.3). Audience and scope are
 * checked against the client before any password is hashed; an unknown user and a wrong password
 * give the same {@code invalid_grant}.
 */
public final class PasswordGrant implements GrantHandler {
    private final Directory directory;
    private final Audiences audiences;
    private final ScopePolicy scopes;
    private final TokenIssuer issuer;

    public PasswordGrant(Directory directory, Audiences audiences, ScopePolicy scopes, TokenIssuer issuer) {
        this.directory = directory;
        this.audiences = audiences;
        this.scopes = scopes;
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "password";
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        ResourceOwnerPasswordCredentialsGrant grant;
        try {
            grant = ResourceOwnerPasswordCredentialsGrant.parse(request.multiParams());
        } catch (ParseException e) {
            throw OAuthError.from(e).exception();
        }
        Set<String> requested = Scopes.parse(request.param("scope"));
        Api api = audiences.resolve(request);
        scopes.checkRequest(client, api, requested);
        User user = directory.authenticate(grant.getUsername(), grant.getPassword().getValue())
                .orElseThrow(() -> OAuthError.invalidGrant("invalid username or password").exception());
        Set<String> granted = scopes.grant(client, api, user.scopes(), requested);
        return issuer.issue(new Grant(client, Subject.of(user), granted, api), client.issuesRefreshToken(granted));
    }
}
