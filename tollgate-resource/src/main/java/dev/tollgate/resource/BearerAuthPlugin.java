package dev.tollgate.resource;

import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Protects a Javalin application's paths with Tollgate's tokens: a before-handler that refuses a
 * request without an acceptable token (RFC 6750) and otherwise puts the {@link VerifiedToken} in the
 * context, read back with {@link #token(Context)}. Register it once per set of paths:
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new BearerAuthPlugin(auth -> {
 *     auth.verifier = TokenVerifier.forIssuer("https://auth.example.com").build();
 *     auth.path = "/orders/*";
 *     auth.scopes = Set.of("orders:read");
 * })));
 * }</pre>
 */
public final class BearerAuthPlugin extends Plugin<BearerAuthPlugin.Config> {
    /** What the plugin checks; {@code verifier} is required. */
    public static final class Config {
        public TokenVerifier verifier;
        /** The paths to protect, in Javalin's path syntax; null: every path. */
        public String path;
        public String audience;
        public Set<String> scopes = Set.of();
        public String realm = "tollgate";
        public boolean checkRevocation;
    }

    public BearerAuthPlugin(Consumer<Config> configure) {
        super(configure, new Config());
    }

    /** The verified token of a request that passed, or null on an unprotected path. */
    public static VerifiedToken token(Context ctx) {
        return ctx.attribute(VerifiedToken.ATTRIBUTE);
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    @Override
    public void onInitialize(JavalinState state) {
        Config config = pluginConfig;
        if (config.verifier == null) {
            throw new IllegalArgumentException("BearerAuthPlugin needs a TokenVerifier");
        }
        BearerGuard guard = new BearerGuard(config.verifier, new Requirement(config.audience, config.scopes),
                config.realm, config.checkRevocation);
        if (config.path == null) {
            state.routes.before(ctx -> check(guard, ctx));
        } else {
            state.routes.before(config.path, ctx -> check(guard, ctx));
        }
    }

    private static void check(BearerGuard guard, Context ctx) {
        if (ctx.method().name().equals("OPTIONS")) {
            return; // CORS preflights carry no credentials
        }
        BearerGuard.Outcome outcome = guard.check(ctx.header("Authorization"));
        if (outcome instanceof BearerGuard.Passed passed) {
            ctx.attribute(VerifiedToken.ATTRIBUTE, passed.token());
            return;
        }
        BearerGuard.Refused refused = (BearerGuard.Refused) outcome;
        refused.headers().forEach(ctx::header);
        ctx.header("Cache-Control", "no-store");
        ctx.status(refused.status()).contentType("application/json").result(refused.body());
        ctx.skipRemainingHandlers();
    }
}
