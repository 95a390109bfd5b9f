package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8414 metadata, the grant switch and the health endpoints. */
class MetadataTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "write"))
            .client("other", "scopes", Toml.list("admin"))
            .user("alice", "scopes", Toml.list("read"))
            .toString();

    @Test
    void metadataDescribesTheServer() {
        try (TestServer server = TestServer.start(CONFIG)) {
            TestServer.Response response = server.get("/.well-known/oauth-authorization-server");
            assertThat(response.status()).isEqualTo(200);
            JsonNode json = response.json();
            String issuer = server.tollgate.issuer();
            assertThat(json.get("issuer").asText()).isEqualTo(issuer);
            assertThat(json.get("token_endpoint").asText()).isEqualTo(issuer + "/oauth/token");
            assertThat(json.get("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");
            assertThat(json.get("grant_types_supported").toString())
                    .isEqualTo("[\"password\",\"refresh_token\",\"client_credentials\",\"http://auth0.com/oauth/grant-type/password-realm\","
                            + "\"http://auth0.com/oauth/grant-type/mfa-otp\",\"http://auth0.com/oauth/grant-type/mfa-recovery-code\"]");
            assertThat(json.get("revocation_endpoint").asText()).isEqualTo(issuer + "/oauth/revoke");
            assertThat(json.get("introspection_endpoint").asText()).isEqualTo(issuer + "/oauth/introspect");
            assertThat(json.get("revocation_endpoint_auth_methods_supported").toString())
                    .contains("client_secret_basic", "client_secret_post", "none");
            assertThat(json.get("introspection_endpoint_auth_methods_supported").toString())
                    .contains("client_secret_basic", "client_secret_post").doesNotContain("none");
            assertThat(json.get("token_endpoint_auth_methods_supported").toString())
                    .contains("client_secret_basic", "client_secret_post", "none");
            assertThat(json.get("scopes_supported").toString()).isEqualTo("[\"admin\",\"read\",\"write\"]");
            assertThat(json.get("response_types_supported").toString())
                    .as("no authorization endpoint, so no response types").isEqualTo("[]");
        }
    }

    @Test
    void issuerFromConfigIsUsedEverywhere() {
        try (TestServer server = TestServer.start(CONFIG, Map.of("server.issuer", "https://login.example.com"))) {
            JsonNode json = server.get("/.well-known/oauth-authorization-server").json();
            assertThat(json.get("issuer").asText()).isEqualTo("https://login.example.com");
            assertThat(json.get("token_endpoint").asText()).isEqualTo("https://login.example.com/oauth/token");
        }
    }

    @Test
    void passwordGrantSwitchedOffAnswersUnsupportedGrantType() {
        try (TestServer server = TestServer.start(CONFIG, Map.of("oauth.grant_type.password.enable", "false"))) {
            TestServer.Response response = server.form("/oauth/token",
                    "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.error()).isEqualTo("unsupported_grant_type");
            JsonNode metadata = server.get("/.well-known/oauth-authorization-server").json();
            assertThat(metadata.get("grant_types_supported").toString()).doesNotContain("\"password\"");
        }
    }

    @Test
    void passwordGrantSwitchedOffInTomlAsWso2Writes() {
        try (TestServer server = TestServer.start(CONFIG + """

                [oauth.grant_type.password]
                enable = false
                """)) {
            TestServer.Response response = server.form("/oauth/token",
                    "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(response.error()).isEqualTo("unsupported_grant_type");
        }
    }

    @Test
    void healthEndpointsReportUp() {
        try (TestServer server = TestServer.start(CONFIG)) {
            TestServer.Response live = server.get("/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().get("status").asText()).isEqualTo("UP");
            TestServer.Response ready = server.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("database").asText()).isEqualTo("UP");
            assertThat(ready.json().get("signing_keys").asText()).isEqualTo("UP");
        }
    }

    @Test
    void unknownPathIsJson404() {
        try (TestServer server = TestServer.start(CONFIG)) {
            TestServer.Response response = server.get("/nope");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.error()).isEqualTo("not_found");
        }
    }
}
