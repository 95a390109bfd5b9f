package dev.tollgate.http;

import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.oauth.TokenResponse;
import io.javalin.http.Context;

/** POST on the token endpoint: body parameters in, token response out. */
final class TokenRoute {
    /** The request attribute with the client's address as {@link HttpServer} decided it. */
    static final String CLIENT_IP = "tollgate.client-ip";

    private final TokenEndpoint endpoint;
    private final boolean includeIssuedAt;

    TokenRoute(TokenEndpoint endpoint, boolean includeIssuedAt) {
        this.endpoint = endpoint;
        this.includeIssuedAt = includeIssuedAt;
    }

    void handle(Context ctx) {
        Responses.noStore(ctx);
        rejectQueryParameters(ctx);
        TokenRequest request = new TokenRequest(RequestParameters.read(ctx), ctx.header("Authorization"),
                ctx.attribute(CLIENT_IP));
        TokenResponse response = endpoint.handle(request);
        Responses.json(ctx, 200, response.toJson(includeIssuedAt));
    }

    /** Credentials must never travel in a URL, where logs and histories keep them (RFC 6749 section 3.2). */
    static void rejectQueryParameters(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            throw OAuthError.invalidRequest("parameters must be sent in the request body, not the query string")
                    .exception();
        }
    }
}
