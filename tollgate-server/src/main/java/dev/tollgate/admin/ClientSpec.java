package dev.tollgate.admin;

import java.util.List;

/**
 * What a client is registered with. Null lists and values mean the defaults: grant types
 * {@code password} and {@code refresh_token}, no scopes, the server's token lifetime, the
 * {@code always} refresh policy, and the authentication methods that fit the credentials.
 *
 * @param secret the secret to keep (only its hash is stored), or null
 * @param generateSecret with no {@code secret}: generate one, returned once by registration
 * @param jwks the client's public keys as a JWK Set (JSON), or null
 * @param forwardedUserIp believe the end user's address the client forwards (confidential clients only)
 * @param canIntrospect may use the introspection endpoint (confidential clients only); null: only
 *     with the client_credentials grant
 * @param directories the user directories its users come from, in order; null or empty: the default one
 * @param mfa the client's own, stricter, multi-factor policy; null: the server's
 */
public record ClientSpec(
        String id,
        String secret,
        boolean generateSecret,
        List<String> grantTypes,
        List<String> scopes,
        Long accessTokenTtl,
        String refreshTokenPolicy,
        List<String> authMethods,
        String jwks,
        String jwksUri,
        boolean forwardedUserIp,
        Boolean canIntrospect,
        List<String> directories,
        String mfa) {

    public ClientSpec(String id, String secret, boolean generateSecret, List<String> grantTypes, List<String> scopes,
            Long accessTokenTtl, String refreshTokenPolicy, List<String> authMethods, String jwks, String jwksUri,
            boolean forwardedUserIp, Boolean canIntrospect, List<String> directories) {
        this(id, secret, generateSecret, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks,
                jwksUri, forwardedUserIp, canIntrospect, directories, null);
    }

    public ClientSpec(String id, String secret, boolean generateSecret, List<String> grantTypes, List<String> scopes,
            Long accessTokenTtl, String refreshTokenPolicy, List<String> authMethods, String jwks, String jwksUri,
            boolean forwardedUserIp, Boolean canIntrospect) {
        this(id, secret, generateSecret, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks,
                jwksUri, forwardedUserIp, canIntrospect, null);
    }

    public ClientSpec(String id, String secret, boolean generateSecret, List<String> grantTypes, List<String> scopes,
            Long accessTokenTtl, String refreshTokenPolicy, List<String> authMethods, String jwks, String jwksUri) {
        this(id, secret, generateSecret, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks,
                jwksUri, false, null);
    }

    public boolean hasSecret() {
        return secret != null || generateSecret;
    }
}
