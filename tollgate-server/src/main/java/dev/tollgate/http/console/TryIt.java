package dev.tollgate.http.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The portal's "Try it": the password grant run through this server's token endpoint as if the
 * developer's browser had called it (the same client authentication, limits and lockout), the
 * response shown, and each JWT in it decoded with its signature checked against this server's
 * JWKS, the keys any resource server would fetch.
 */
public final class TryIt {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TokenEndpoint tokens;
    private final Supplier<JWKSet> jwks;
    private final boolean includeIssuedAt;

    TryIt(TokenEndpoint tokens, Supplier<JWKSet> jwks, boolean includeIssuedAt) {
        this.tokens = tokens;
        this.jwks = jwks;
        this.includeIssuedAt = includeIssuedAt;
    }

    /** A token of the response: which, its header and claims as indented JSON, and whether its signature verified. */
    public record Decoded(String name, String header, String claims, boolean verified, String note) {}

    /** The HTTP status and body the token endpoint answered, and the tokens decoded. */
    public record Result(int status, String body, List<Decoded> tokens) {}

    Result run(String clientId, String clientSecret, String username, String password, String scope, String clientIp) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "password");
        params.put("username", username);
        params.put("password", password);
        if (scope != null && !scope.isBlank()) {
            params.put("scope", scope.strip());
        }
        params.values().removeIf(value -> value == null || value.isEmpty());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        try {
            Map<String, Object> body = tokens.handle(new TokenRequest(params, basic, clientIp)).toJson(includeIssuedAt);
            List<Decoded> decoded = new ArrayList<>();
            decode("Access token", body.get("access_token"), decoded);
            decode("ID token", body.get("id_token"), decoded);
            return new Result(200, JSON.writeValueAsString(body), decoded);
        } catch (OAuthException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.error().code());
            if (e.error().description() != null) {
                error.put("error_description", e.error().description());
            }
            return new Result(e.error().status(), write(error), List.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void decode(String name, Object token, List<Decoded> out) {
        if (!(token instanceof String text)) {
            return;
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(text);
        } catch (ParseException e) {
            out.add(new Decoded(name, null, null, false, "an opaque token: only this server can read it (introspection)"));
            return;
        }
        boolean verified = verify(jwt);
        try {
            out.add(new Decoded(name, indent(jwt.getHeader().toString()), indent(jwt.getJWTClaimsSet().toString()),
                    verified, verified ? "signature verified with key " + jwt.getHeader().getKeyID() + " of the JWKS"
                            : "signature NOT verified against the JWKS"));
        } catch (ParseException e) {
            out.add(new Decoded(name, indent(jwt.getHeader().toString()), null, verified, "claims are not JSON"));
        }
    }

    private boolean verify(SignedJWT jwt) {
        JWK key = jwks.get().getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else if (key instanceof OctetKeyPair okp) {
                verifier = new Ed25519Verifier(okp.toPublicJWK());
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** The same request with curl; the secret and password are left as variables so the page shows neither. */
    static String curl(String tokenUrl, String clientId, String username, String scope) {
        StringBuilder curl = new StringBuilder("curl -s ").append(quote(tokenUrl))
                .append(" \\\n  -u ").append(quote(clientId + ":")).append("\"$CLIENT_SECRET\"")
                .append(" \\\n  -d grant_type=password")
                .append(" \\\n  --data-urlencode ").append(quote("username=" + username))
                .append(" \\\n  --data-urlencode \"password=$PASSWORD\"");
        if (scope != null && !scope.isBlank()) {
            curl.append(" \\\n  --data-urlencode ").append(quote("scope=" + scope.strip()));
        }
        return curl.toString();
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** RFC 6749 section 2.3.1: the client id and secret are form-encoded before Basic encoding. */
    private static String form(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String indent(String json) {
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
