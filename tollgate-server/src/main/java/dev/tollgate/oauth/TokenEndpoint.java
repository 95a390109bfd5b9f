package dev.tollgate.oauth;

import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.observe.TokenEvents;
import dev.tollgate.store.Client;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token endpoint (RFC 6749 section 3.2): exactly one {@code grant_type}, one authenticated
 * client that is registered for that grant, the request's {@link RequestOrigin}, then the grant's
 * handler. The list of handlers given here is the server's list of grants.
 */
public final class TokenEndpoint {
    private final ClientAuthentication clientAuthentication;
    private final TokenEvents events;
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();
    private final AuditLog audit;
    private final RequestOrigin origin;

    public TokenEndpoint(ClientAuthentication clientAuthentication, List<GrantHandler> handlers, TokenEvents events,
            AuditLog audit, RequestOrigin origin) {
        this.origin = origin;
        this.clientAuthentication = clientAuthentication;
        this.events = events;
        this.audit = audit;
        handlers.forEach(handler -> this.handlers.put(handler.grantType(), handler));
    }

    public TokenResponse handle(TokenRequest received) {
        TokenRequest request = received;
        String named = request.param("grant_type");
        try {
            String grantType = request.required("grant_type");
            GrantHandler handler = handlers.get(grantType);
            if (handler == null) {
                throw OAuthError.unsupportedGrantType("grant_type '" + printable(grantType) + "' is not supported")
                        .exception();
            }
            Client client = clientAuthentication.authenticate(request);
            if (!client.allowsGrant(grantType)) {
                throw OAuthError.unauthorizedClient("client is not allowed the grant type '" + grantType + "'")
                        .exception();
            }
            request = origin.of(client, request);
            TokenResponse response = handler.handle(client, request);
            events.issued(grantType, client.id());
            audit.tokenIssued(grantType, client.id(), response.username(), request.clientIp(), response.scopes());
            return response;
        } catch (OAuthException e) {
            events.failed(named != null && handlers.containsKey(named) ? named : null, e.error().code());
            throw e;
        }
    }

    public List<String> grantTypes() {
        return List.copyOf(handlers.keySet());
    }

    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
