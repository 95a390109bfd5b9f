package dev.tollgate.resource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The endpoints an issuer publishes in its RFC 8414 metadata (or, failing that, its OpenID Connect
 * discovery document). The document must name the issuer it was asked for (RFC 8414 section 3.3),
 * so that a misconfigured or hostile document cannot point the keys elsewhere.
 */
record IssuerMetadata(String issuer, URI jwksUri, URI introspectionEndpoint) {
    static IssuerMetadata fetch(HttpClient http, String issuer, Duration timeout) {
        IssuerUnavailable last = null;
        for (URI location : locations(issuer)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(location).timeout(timeout)
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    last = new IssuerUnavailable("metadata at " + location + " answered " + response.statusCode(), null);
                    continue;
                }
                Map<String, Object> json = Json.parse(response.body());
                if (!issuer.equals(json.get("issuer"))) {
                    throw new IssuerUnavailable("metadata at " + location + " names another issuer: " + json.get("issuer"), null);
                }
                Object jwks = json.get("jwks_uri");
                Object introspection = json.get("introspection_endpoint");
                if (!(jwks instanceof String)) {
                    throw new IssuerUnavailable("metadata at " + location + " has no jwks_uri", null);
                }
                return new IssuerMetadata(issuer, URI.create((String) jwks),
                        introspection instanceof String s ? URI.create(s) : null);
            } catch (IOException | ParseException | IllegalArgumentException e) {
                last = new IssuerUnavailable("metadata at " + location + " unreadable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IssuerUnavailable("interrupted while fetching the issuer's metadata", e);
            }
        }
        throw last;
    }

    /** RFC 8414 section 3.1: the well-known segment goes between the host and any path of the issuer. */
    static List<URI> locations(String issuer) {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return List.of(URI.create(origin + "/.well-known/oauth-authorization-server" + path),
                URI.create(trimmed + "/.well-known/openid-configuration"));
    }
}
