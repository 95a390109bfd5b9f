package dev.tollgate.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Asks the issuer's RFC 7662 introspection endpoint about a token, authenticating with
 * client_secret_basic, and remembers each answer (active or not) for the cache's lifetime: that is
 * how long a revocation may take to be noticed here. Tokens are cached under their SHA-256, never as
 * themselves.
 */
final class Introspector {
    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;
    private final Cache<String, Map<String, Object>> answers;

    Introspector(HttpClient http, URI endpoint, String clientId, String clientSecret, Duration cacheTime, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.timeout = timeout;
        // RFC 6749 section 2.3.1: each part form-encoded before Basic's base64
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        this.answers = cacheTime.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(cacheTime).maximumSize(100_000).build();
    }

    /** The introspection response, from the cache when it is young enough. */
    Map<String, Object> introspect(String token) {
        if (answers == null) {
            return ask(token);
        }
        return answers.get(sha256(token), key -> ask(token));
    }

    private Map<String, Object> ask(String token) {
        String body = "token=" + form(token) + "&token_type_hint=access_token";
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IssuerUnavailable("introspection answered " + response.statusCode(), null);
            }
            return Json.parse(response.body());
        } catch (IOException | ParseException e) {
            throw new IssuerUnavailable("introspection failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailable("interrupted during introspection", e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
