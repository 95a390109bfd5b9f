package dev.tollgate.oauth.clientauth;

import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Client;
import java.util.List;
import java.util.Map;

/**
 * Authenticates the client of a token, revocation or introspection request with exactly one of
 * the registered methods. Using two methods at once is {@code invalid_request} (RFC 6749 section
 * 2.3); using none, or failing the one used, is 401 {@code invalid_client}, and an audit log line.
 */
public final class ClientAuthentication {
    static final String REALM = "Basic realm=\"tollgate\"";

    private final List<ClientAuthMethod> methods;
    private final AuditLog audit;

    public ClientAuthentication(List<ClientAuthMethod> methods, AuditLog audit) {
        this.methods = List.copyOf(methods);
        this.audit = audit;
    }

    public Client authenticate(TokenRequest request) {
        List<ClientAuthMethod> present = methods.stream().filter(m -> m.isPresent(request)).toList();
        if (present.size() > 1) {
            throw OAuthError.invalidRequest("more than one client authentication method used: "
                    + String.join(", ", present.stream().map(ClientAuthMethod::name).toList())).exception();
        }
        if (present.isEmpty()) {
            audit.clientAuthFailed(request.param("client_id"), null, request.clientIp(),
                    ClientAuthFailure.NO_CREDENTIALS);
            throw invalidClient("client authentication required");
        }
        ClientAuthMethod method = present.get(0);
        try {
            return method.authenticate(request);
        } catch (ClientAuthFailure e) {
            audit.clientAuthFailed(e.clientId(), method.name(), request.clientIp(), e.reason());
            if (!e.reason().equals(ClientAuthFailure.MALFORMED)) {
                throw invalidClient("client authentication failed");
            }
            throw invalidClient(method.name().equals(Client.CLIENT_SECRET_BASIC)
                    ? "malformed Basic authorization header" : "malformed client assertion");
        }
    }

    public List<String> methodNames() {
        return methods.stream().map(ClientAuthMethod::name).toList();
    }

    /** A 401 {@code invalid_client} with the Basic challenge. */
    public static OAuthException invalidClient(String description) {
        return new OAuthException(OAuthError.invalidClient(description), Map.of("WWW-Authenticate", REALM));
    }
}
