package dev.tollgate.http;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oidc.ProviderMetadata;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.function.Supplier;

/** The discovery documents (RFC 8414, OpenID Connect Discovery) and the public signing keys. */
public final class WellKnownRoutes implements RouteGroup {
    private final ServerMetadata metadata;
    private final ProviderMetadata providerMetadata;
    private final Supplier<JWKSet> jwks;

    public WellKnownRoutes(ServerMetadata metadata, ProviderMetadata providerMetadata, Supplier<JWKSet> jwks) {
        this.metadata = metadata;
        this.providerMetadata = providerMetadata;
        this.jwks = jwks;
    }

    @Override
    public List<String> paths() {
        return List.of(Paths.METADATA, Paths.OPENID_CONFIGURATION, Paths.JWKS);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(Paths.METADATA, ctx -> Responses.json(ctx, 200, metadata.toJson()));
        routes.get(Paths.OPENID_CONFIGURATION, ctx -> Responses.json(ctx, 200, providerMetadata.toJson()));
        routes.get(Paths.JWKS, ctx -> Responses.json(ctx, 200, jwks.get().toJSONObject(true)));
    }
}
