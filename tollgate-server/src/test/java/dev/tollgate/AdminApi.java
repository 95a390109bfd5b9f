package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls to the admin API of a test server with a token of the built-in admin scope. */
final class AdminApi {
    static final String BASE = "/admin/api/v1";
    /** A machine client allowed to manage the server, as {@code admin bootstrap} creates one. */
    static final String CLIENT = """
            [[clients]]
            id = "ops"
            secret = "ops-secret"
            grant_types = ["client_credentials"]
            scopes = ["tollgate:admin", "tollgate:admin:read"]

            [[clients]]
            id = "auditor"
            secret = "auditor-secret"
            grant_types = ["client_credentials"]
            scopes = ["tollgate:admin:read"]
            """;

    private final TestServer server;
    private final String token;

    AdminApi(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** With a token of {@code client} (whose secret is its id and {@code -secret}) for {@code scope}. */
    static AdminApi of(TestServer server, String client, String scope) {
        return of(server, client, client + "-secret", scope);
    }

    static AdminApi of(TestServer server, String client, String secret, String scope) {
        TestServer.Response response = server.form("/oauth/token", "grant_type=client_credentials&scope=" + scope,
                "Authorization", TestServer.basic(client, secret));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new AdminApi(server, response.json().get("access_token").asText());
    }

    static AdminApi writer(TestServer server) {
        return of(server, "ops", "tollgate:admin");
    }

    static AdminApi reader(TestServer server) {
        return of(server, "auditor", "tollgate:admin:read");
    }

    String token() {
        return token;
    }

    TestServer.Response get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    TestServer.Response post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json, headers);
    }

    TestServer.Response patch(String path, String json, String... headers) {
        return send("PATCH", path, "application/merge-patch+json", json, headers);
    }

    TestServer.Response put(String path, String json, String... headers) {
        return send("PUT", path, "application/json", json, headers);
    }

    TestServer.Response delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    TestServer.Response send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(BASE + path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.build());
    }

    /** Asserts an RFC 9457 problem of this status and returns it. */
    static TestServer.Response assertProblem(TestServer.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("type").asText()).startsWith("urn:tollgate:problem:");
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        return response;
    }
}
