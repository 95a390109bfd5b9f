package dev.tollgate.http.admin;

import dev.tollgate.http.BearerHeader;
import dev.tollgate.http.HttpServer;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.BearerChallenge;
import dev.tollgate.oauth.TokenInfo;
import dev.tollgate.store.Api;
import io.javalin.http.Context;

/**
 * The admin API's access check (RFC 6750): an active access token from this server for the
 * {@code tollgate-admin} audience, with {@code tollgate:admin} to change things or
 * {@code tollgate:admin:read} to read them.
 */
final class AdminAuth {
    private final AccessTokenValidator tokens;

    AdminAuth(AccessTokenValidator tokens) {
        this.tokens = tokens;
    }

    Caller authorize(Context ctx, boolean write) {
        String token = BearerHeader.token(ctx.header("Authorization"));
        if (token == null) {
            throw BearerChallenge.missingToken();
        }
        TokenInfo info = tokens.validate(token)
                .orElseThrow(() -> BearerChallenge.invalidToken("the access token is not active"));
        if (!info.audience().contains(Api.ADMIN.identifier())) {
            throw BearerChallenge.invalidToken("the access token is not for the admin API (audience "
                    + Api.ADMIN.identifier() + ")");
        }
        boolean canWrite = info.scopes().contains(Api.ADMIN_SCOPE);
        if (write && !canWrite) {
            throw BearerChallenge.insufficientScope(Api.ADMIN_SCOPE, "changes need the scope " + Api.ADMIN_SCOPE);
        }
        if (!canWrite && !info.scopes().contains(Api.ADMIN_READ_SCOPE)) {
            throw BearerChallenge.insufficientScope(Api.ADMIN_READ_SCOPE,
                    "the admin API needs the scope " + Api.ADMIN_READ_SCOPE + " or " + Api.ADMIN_SCOPE);
        }
        return new Caller(info.subject(), info.clientId(), HttpServer.clientAddress(ctx).getHostAddress(), canWrite);
    }
}
