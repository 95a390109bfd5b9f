package dev.tollgate.http;

import java.util.List;

/** Where the endpoints are served, relative to the issuer. */
public final class Paths {
    /** The token endpoint and its aliases (WSO2's {@code /token}, Oracle's {@code /oauth2/v1/token}); the first is canonical. */
    public static final List<String> TOKEN = List.of("/oauth/token", "/token", "/oauth2/v1/token");
    public static final String REVOCATION = "/oauth/revoke";
    public static final String INTROSPECTION = "/oauth/introspect";
    public static final String USERINFO = "/userinfo";
    public static final String JWKS = "/.well-known/jwks.json";
    public static final String METADATA = "/.well-known/oauth-authorization-server";
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private Paths() {}
}
