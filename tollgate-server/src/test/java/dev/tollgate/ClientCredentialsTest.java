package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client credentials grant (RFC 6749 section 4.4), Locus Energy's alternative flow. */
class ClientCredentialsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                [[clients]]
                id = "CLIENT_ID"
                secret = "CLIENT_SECRET"
                grant_types = ["client_credentials"]
                scopes = ["read", "write", "offline_access", "openid", "profile", "email"]

                [[clients]]
                id = "native"
                grant_types = ["password"]
                scopes = ["read"]

                [[clients]]
                id = "app"
                secret = "app-secret"
                scopes = ["read"]
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientCredentialsWithSecretInBodyGivesTokenForTheClient() {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=client_credentials&client_id=CLIENT_ID&client_secret=CLIENT_SECRET");
        JsonNode json = SeedRequestTest.assertToken(response);
        assertThat(json.has("refresh_token")).isFalse();
        assertThat(json.get("scope").asText()).as("offline_access is never implied").isEqualTo("read write");
        JWTClaimsSet claims = AccessTokenTest.claims(json);
        assertThat(claims.getSubject()).isEqualTo("CLIENT_ID");
        assertThat(claims.getClaim("client_id")).isEqualTo("CLIENT_ID");
        assertThat(claims.getClaim("preferred_username")).isNull();
        assertThat(claims.getClaim("sid")).isNull();
    }

    @Test
    void clientCredentialsWithBasicAndScope() {
        TestServer.Response response = server.form("/oauth/token", "grant_type=client_credentials&scope=read",
                "Authorization", TestServer.basic("CLIENT_ID", "CLIENT_SECRET"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("scope").asText()).isEqualTo("read");
        assertThat(response.json().has("refresh_token")).isFalse();
    }

    @Test
    void clientCredentialsWhenOpenIdScopesRequestedThenNotGrantedAndNoIdToken() {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=client_credentials&scope=openid%20profile%20read",
                "Authorization", TestServer.basic("CLIENT_ID", "CLIENT_SECRET"));
        JsonNode json = SeedRequestTest.assertToken(response);
        assertThat(json.get("scope").asText()).as("OpenID Connect scopes need a user").isEqualTo("read");
        assertThat(json.has("id_token")).isFalse();
        assertThat(AccessTokenTest.claims(json).getAudience()).containsExactly(server.tollgate.issuer());
    }

    @Test
    void clientCredentialsWhenOnlyUserScopesRequestedThenInvalidScope() {
        for (String scope : new String[] {"openid", "email", "offline_access"}) {
            TokenEndpointErrorTest.assertError(server.form("/oauth/token",
                    "grant_type=client_credentials&scope=" + scope,
                    "Authorization", TestServer.basic("CLIENT_ID", "CLIENT_SECRET")), 400, "invalid_scope");
        }
    }

    @Test
    void clientCredentialsWhenScopeNotTheClientsThenInvalidScope() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=client_credentials&scope=admin",
                "Authorization", TestServer.basic("CLIENT_ID", "CLIENT_SECRET")), 400, "invalid_scope");
    }

    @Test
    void clientCredentialsWhenPublicClientThenUnauthorizedClient() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=client_credentials&client_id=native"),
                400, "unauthorized_client");
    }

    @Test
    void clientCredentialsWhenClientLacksTheGrantThenUnauthorizedClient() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("app", "app-secret")), 400, "unauthorized_client");
    }

    @Test
    void clientCredentialsWhenSecretWrongThenInvalidClient() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token",
                "grant_type=client_credentials&client_id=CLIENT_ID&client_secret=nope"), 401, "invalid_client");
    }
}
