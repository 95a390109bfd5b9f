package dev.tollgate;

import static dev.tollgate.AdminApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who reaches the admin API: a person through the password grant, and no one past the per-address limit. */
class AdminApiAccessTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                [[clients]]
                id = "console"
                secret = "console-secret"
                scopes = ["tollgate:admin", "tollgate:admin:read", "read"]

                [[users]]
                username = "operator"
                password = "operator-password"
                scopes = ["tollgate:admin"]

                [[users]]
                username = "viewer"
                password = "viewer-password"
                scopes = ["read", "tollgate:admin:read"]
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPersonWithTheAdminScopeUsesTheApiThroughThePasswordGrant() throws Exception {
        TestServer.Response login = server.form("/oauth/token",
                "grant_type=password&username=operator&password=operator-password&scope=tollgate:admin",
                "Authorization", TestServer.basic("console", "console-secret"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(AccessTokenTest.claims(login.json()).getAudience()).containsExactly("tollgate-admin");
        AdminApi operator = new AdminApi(server, login.json().get("access_token").asText());
        assertThat(operator.get("/users?q=view").json().get("items").get(0).get("username").asText())
                .isEqualTo("viewer");

        TestServer.Response refused = server.form("/oauth/token",
                "grant_type=password&username=viewer&password=viewer-password&scope=tollgate:admin",
                "Authorization", TestServer.basic("console", "console-secret"));
        assertThat(refused.status()).as("the user may not grant the admin scope").isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_scope");
    }

    @Test
    void requestsPastThePerAddressLimitAre429Problems() {
        try (TestServer limited = TestServer.start("""
                [brute_force]
                ip_requests_per_minute = 60
                """)) {
            AdminApi anonymous = new AdminApi(limited, null);
            TestServer.Response response = null;
            for (int i = 0; i < 20; i++) {
                response = anonymous.get("/clients");
                if (response.status() == 429) {
                    break;
                }
                assertThat(response.status()).isEqualTo(401);
            }
            assertProblem(response, 429);
            assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(response.json().get("error").asText()).isEqualTo("too_many_requests");
        }
    }
}
