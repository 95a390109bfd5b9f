package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new password ends the user's sessions, and a refresh grants only what the user and the client
 * may have now.
 */
class PasswordChangeTest {
    static final String OPAQUE_API = "urn:example:opaque";
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "write"))
            .client("shrinking", "scopes", Toml.list("read", "write"))
            .client("introspector", "grant_types", Toml.list("client_credentials"))
            .api(OPAQUE_API, "scopes", Toml.list("read", "write"), "token_format", "opaque")
            .user("alice", "scopes", Toml.list("read", "write"))
            .user("dave", "scopes", Toml.list("read", "write"))
            .user("erin", "scopes", Toml.list("read", "write"))
            .user("frank", "scopes", Toml.list("read", "write"))
            .toString();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response refresh(String client, JsonNode tokens) {
        return server.form("/oauth/token", "grant_type=refresh_token&refresh_token="
                + tokens.get("refresh_token").asText(), "Authorization", TestServer.basic(client, client + "-secret"));
    }

    static boolean active(String token) {
        TestServer.Response response = server.form("/oauth/introspect", "token=" + token,
                "Authorization", TestServer.basic("introspector", "introspector-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("active").asBoolean();
    }

    static JsonNode login(String client, String username, String extra) {
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=" + username + "&password=" + username + "-password" + extra,
                "Authorization", TestServer.basic(client, client + "-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void setPasswordRevokesRefreshTokensAndAccessTokens() {
        JsonNode jwt = login("app", "alice", "");
        JsonNode opaque = login("app", "alice", "&audience=" + OPAQUE_API);

        server.users().setPassword("alice", "alice-new-password");

        assertThat(active(jwt.get("access_token").asText())).isFalse();
        assertThat(active(opaque.get("access_token").asText())).isFalse();
        assertThat(server.get("/userinfo", "Authorization", "Bearer " + jwt.get("access_token").asText()).status())
                .isEqualTo(401);
        TestServer.Response refreshed = refresh("app", jwt);
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refresh("app", opaque).status()).isEqualTo(400);
    }

    @Test
    void setPasswordLeavesOtherUsersTokens() {
        JsonNode others = login("app", "frank", "");
        server.users().setPassword("erin", "erin-new-password");
        assertThat(active(others.get("access_token").asText())).isTrue();
        assertThat(refresh("app", others).status()).isEqualTo(200);
    }

    @Test
    void setPasswordCommandRevokesRefreshTokens() {
        JsonNode tokens = login("app", "dave", "&audience=" + OPAQUE_API);
        CliProcess.Result changed = CliProcess.against(server, "dave-new-password\n", "user", "set-password", "dave");
        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(active(tokens.get("access_token").asText())).isFalse();
        assertThat(refresh("app", tokens).status()).isEqualTo(400);
    }

    @Test
    void refreshWhenUserLostAScopeThenItIsNotGrantedAgain() {
        server.users().add(new UserSpec("grace", List.of("read", "write"), null), "grace-password");
        JsonNode tokens = login("app", "grace", "");
        assertThat(tokens.get("scope").asText()).isEqualTo("read write");

        server.users().update("grace", new UserSpec("grace", List.of("read"), null));

        TestServer.Response refreshed = refresh("app", tokens);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("scope").asText()).isEqualTo("read");
        assertThat(AccessTokenTest.claims(refreshed.json()).getClaim("scope")).isEqualTo("read");
    }

    @Test
    void refreshWhenClientLostAScopeThenItIsNotGrantedAgain() {
        JsonNode tokens = login("shrinking", "frank", "");
        assertThat(tokens.get("scope").asText()).isEqualTo("read write");

        server.services().admin().clients().put(new ClientSpec("shrinking", "shrinking-secret", false, null,
                List.of("read"), null, null, null, null, null));

        TestServer.Response refreshed = refresh("shrinking", tokens);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("scope").asText()).isEqualTo("read");
    }
}
