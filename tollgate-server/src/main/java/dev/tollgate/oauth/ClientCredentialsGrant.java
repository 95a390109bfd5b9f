package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.Set;

/**
 * The client credentials grant (RFC 6749 section 4.4): a confidential client acting on its own
 * behalf. The token's subject is the client; no refresh token is issued (section 4.4.3).
 */
public final class ClientCredentialsGrant implements GrantHandler {
    public static final String TYPE = "client_credentials";

    private final Audiences audiences;
    private final ScopePolicy scopes;
    private final TokenIssuer issuer;

    public ClientCredentialsGrant(Audiences audiences, ScopePolicy scopes, TokenIssuer issuer) {
        this.audiences = audiences;
        this.scopes = scopes;
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        if (client.isPublic()) {
            throw OAuthError.unauthorizedClient("public clients cannot use client_credentials").exception();
        }
        Set<String> requested = Scopes.parse(request.param("scope"));
        Api api = audiences.resolve(request);
        scopes.checkRequest(client, api, requested);
        Set<String> granted = scopes.grant(client, api, null, requested);
        return issuer.issue(new Grant(client, Subject.of(client), granted, api), false, request.clientIp());
    }
}
