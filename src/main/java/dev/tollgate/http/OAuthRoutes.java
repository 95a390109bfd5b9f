package dev.tollgate.http;

import dev.tollgate.oauth.Introspection;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenRequest;
import io.javalin.http.Context;

/** The client-authenticated POST endpoints: token, revocation, introspection. IO only. */
final class OAuthRoutes {
    /** The request attribute with the client's address as {@link HttpServer} decided it. */
    static final String CLIENT_IP = "tollgate.client-ip";

    private final TokenEndpoint tokens;
    private final Revocation revocation;
    private final Introspection introspection;
    private final boolean includeIssuedAt;

    OAuthRoutes(TokenEndpoint tokens, Revocation revocation, Introspection introspection, boolean includeIssuedAt) {
        this.tokens = tokens;
        this.revocation = revocation;
        this.introspection = introspection;
        this.includeIssuedAt = includeIssuedAt;
    }

    void token(Context ctx) {
        Responses.json(ctx, 200, tokens.handle(request(ctx)).toJson(includeIssuedAt));
    }

    /** RFC 7009 section 2.2: 200 whether or not the token was known. */
    void revoke(Context ctx) {
        revocation.revoke(request(ctx));
        ctx.status(200);
    }

    void introspect(Context ctx) {
        Responses.json(ctx, 200, introspection.introspect(request(ctx)));
    }

    private static TokenRequest request(Context ctx) {
        Responses.noStore(ctx);
        rejectQueryParameters(ctx);
        return new TokenRequest(RequestParameters.read(ctx), ctx.header("Authorization"), ctx.attribute(CLIENT_IP));
    }

    /** Credentials must never travel in a URL, where logs and histories keep them (RFC 6749 section 3.2). */
    private static void rejectQueryParameters(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            throw OAuthError.invalidRequest("parameters must be sent in the request body, not the query string")
                    .exception();
        }
    }
}
