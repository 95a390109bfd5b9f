package dev.tollgate.resource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer over real HTTP with what a resource server reads from Tollgate: RFC 8414 metadata, a
 * JWKS whose keys the test rotates, and an introspection endpoint that knows the opaque tokens the
 * test registers. It counts the requests so that tests can see caching.
 */
final class FakeIssuer implements AutoCloseable {
    static final String CLIENT = "api";
    static final String SECRET = "api-secret";

    final HttpServer server;
    final String issuer;
    final AtomicInteger jwksRequests = new AtomicInteger();
    final AtomicInteger introspections = new AtomicInteger();
    final Map<String, Map<String, Object>> opaque = new ConcurrentHashMap<>();
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private volatile RSAKey signing;

    FakeIssuer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        rotate();
        server.createContext("/.well-known/oauth-authorization-server", exchange -> send(exchange, 200, Json.write(Map.of(
                "issuer", issuer, "jwks_uri", issuer + "/jwks", "introspection_endpoint", issuer + "/introspect"))));
        server.createContext("/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            send(exchange, 200, new JWKSet(List.copyOf(published)).toPublicJWKSet().toString());
        });
        server.createContext("/introspect", this::introspect);
        server.start();
    }

    /** A new signing key, published next to the old ones. */
    RSAKey rotate() throws Exception {
        signing = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        published.add(signing);
        return signing;
    }

    /** A new signing key that the JWKS does not show yet: tokens signed with it name an unknown kid. */
    RSAKey rotateUnpublished() throws Exception {
        signing = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        return signing;
    }

    void publish(RSAKey key) {
        published.add(key);
    }

    String token(String scope) throws Exception {
        return token(claims(scope).build(), TokenVerifier.AT_JWT);
    }

    JWTClaimsSet.Builder claims(String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("user-1").audience("https://api.example.com")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString())
                .claim("client_id", "app").claim("scope", scope).claim("preferred_username", "alice");
    }

    String token(JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signing.getKeyID()).type(type).build(), claims);
        jwt.sign(new RSASSASigner(signing));
        return jwt.serialize();
    }

    /** An opaque token the introspection endpoint answers active for. */
    String opaqueToken(String scope) {
        String token = UUID.randomUUID().toString().replace("-", "");
        opaque.put(token, Map.of("active", true, "scope", scope, "client_id", "app", "sub", "user-2", "username", "bob",
                "aud", "https://api.example.com", "iss", issuer, "exp", Instant.now().plusSeconds(300).getEpochSecond(),
                "token_type", "access_token"));
        return token;
    }

    private void introspect(HttpExchange exchange) throws IOException {
        introspections.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = "";
        for (String pair : body.split("&")) {
            if (pair.startsWith("token=")) {
                token = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        Map<String, Object> answer = opaque.get(token);
        send(exchange, 200, answer == null ? "{\"active\":false}" : Json.write(answer));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    TokenVerifier verifier() {
        return TokenVerifier.forIssuer(issuer).clientCredentials(CLIENT, SECRET).build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
