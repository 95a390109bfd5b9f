package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenID Connect Discovery 1.0: the provider metadata at /.well-known/openid-configuration. */
class DiscoveryTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MetadataTest.CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void discoveryDocumentDescribesTheProvider() {
        TestServer.Response response = server.get("/.well-known/openid-configuration");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode json = response.json();
        String issuer = server.tollgate.issuer();
        assertThat(json.get("issuer").asText()).isEqualTo(issuer);
        assertThat(json.get("token_endpoint").asText()).isEqualTo(issuer + "/oauth/token");
        assertThat(json.get("userinfo_endpoint").asText()).isEqualTo(issuer + "/userinfo");
        assertThat(json.get("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");
        assertThat(json.get("revocation_endpoint").asText()).isEqualTo(issuer + "/oauth/revoke");
        assertThat(json.get("introspection_endpoint").asText()).isEqualTo(issuer + "/oauth/introspect");
        assertThat(strings(json.get("scopes_supported")))
                .containsExactly("address", "admin", "email", "openid", "phone", "profile", "read", "write");
        assertThat(strings(json.get("claims_supported"))).contains("sub", "iss", "aud", "exp", "iat", "auth_time",
                "name", "given_name", "family_name", "preferred_username", "updated_at", "email", "email_verified",
                "phone_number", "phone_number_verified", "address");
        assertThat(strings(json.get("grant_types_supported")))
                .containsExactly("password", "refresh_token", "client_credentials",
                        "http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/grant-type/mfa-otp",
                        "http://auth0.com/oauth/grant-type/mfa-recovery-code");
        assertThat(strings(json.get("response_types_supported"))).isEmpty();
        assertThat(strings(json.get("subject_types_supported"))).containsExactly("public");
        assertThat(strings(json.get("id_token_signing_alg_values_supported"))).containsExactly("RS256");
        assertThat(strings(json.get("token_endpoint_auth_methods_supported")))
                .contains("client_secret_basic", "client_secret_post", "none");
        assertThat(json.get("request_uri_parameter_supported").asBoolean(true)).isFalse();
        assertThat(json.has("authorization_endpoint")).isFalse();
    }

    @Test
    void discoveryAgreesWithTheOAuthMetadata() {
        JsonNode oidc = server.get("/.well-known/openid-configuration").json();
        JsonNode oauth = server.get("/.well-known/oauth-authorization-server").json();
        oauth.fieldNames().forEachRemaining(field -> {
            if (!field.equals("scopes_supported")) {
                assertThat(oidc.get(field)).as(field).isEqualTo(oauth.get(field));
            }
        });
    }

    @Test
    void discoveredEndpointsAnswer() {
        JsonNode json = server.get("/.well-known/openid-configuration").json();
        assertThat(fetch(json.get("jwks_uri").asText()).json().get("keys").size()).isPositive();
        assertThat(fetch(json.get("userinfo_endpoint").asText()).status()).isEqualTo(401);
        assertThat(fetch(json.get("token_endpoint").asText()).status()).as("POST only").isEqualTo(405);
    }

    static TestServer.Response fetch(String url) {
        return server.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    @Test
    void configuredIssuerIsUsedForEveryEndpoint() {
        try (TestServer other = TestServer.start(MetadataTest.CONFIG, Map.of("server.issuer", "https://login.example.com"))) {
            JsonNode json = other.get("/.well-known/openid-configuration").json();
            assertThat(json.get("issuer").asText()).isEqualTo("https://login.example.com");
            assertThat(json.get("userinfo_endpoint").asText()).isEqualTo("https://login.example.com/userinfo");
            assertThat(json.get("token_endpoint").asText()).isEqualTo("https://login.example.com/oauth/token");
        }
    }

    @Test
    void passwordGrantSwitchedOffIsNotAdvertised() {
        try (TestServer other = TestServer.start(MetadataTest.CONFIG, Map.of("oauth.grant_type.password.enable", "false"))) {
            JsonNode json = other.get("/.well-known/openid-configuration").json();
            assertThat(strings(json.get("grant_types_supported"))).containsExactly("refresh_token", "client_credentials");
        }
    }
}
