package dev.tollgate;

import static dev.tollgate.AdminApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API over a server with an LDAP directory: its state, its user search, and its users who logged in. */
class AdminApiDirectoryTest {
    static TestLdap ldap;
    static TestServer server;
    static AdminApi admin;

    @BeforeAll
    static void start() {
        ldap = TestLdap.openLdap();
        ldap.user("alice", "mail", "alice@example.com", "givenName", "Alice", "sn", "Example");
        ldap.user("albert", "mail", "albert@example.com");
        server = TestServer.start(AdminApi.CLIENT + Toml.config()
                .client("app", "scopes", Toml.list("read"), "directories", Toml.list("corp", "database"))
                .directory("corp", ldap.settings("default_scopes", Toml.list("read")))
                .directoryTable("claims", "email", "mail", "given_name", "givenName")
                .toString());
        admin = AdminApi.writer(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.close();
    }

    @Test
    void directoriesAreListedWithTheirState() {
        JsonNode items = admin.get("/directories").json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("name").asText()).isEqualTo("database");
        assertThat(items.get(0).get("default").asBoolean()).isTrue();
        JsonNode corp = items.get(1);
        assertThat(corp.get("type").asText()).isEqualTo("ldap");
        assertThat(corp.get("state").asText()).isEqualTo("up");
        assertThat(corp.get("urls").get(0).asText()).startsWith("ldap://");
        assertThat(items.toString()).doesNotContain(TestLdap.SERVICE_PASSWORD);
    }

    @Test
    void theUserSearchIsRunForAUsername() {
        TestServer.Response found = admin.post("/directories/corp/test", "{\"username\": \"alice\"}");
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("found").asBoolean()).isTrue();
        JsonNode entry = found.json().get("entries").get(0);
        assertThat(entry.get("dn").asText()).isEqualTo("uid=alice," + TestLdap.PEOPLE);
        assertThat(entry.get("claims").get("email").asText()).isEqualTo("alice@example.com");
        assertThat(entry.get("scopes").get(0).asText()).isEqualTo("read");

        TestServer.Response missing = admin.post("/directories/corp/test", "{\"username\": \"nobody\"}");
        assertThat(missing.json().get("found").asBoolean()).isFalse();
        assertThat(missing.json().get("entries")).isEmpty();

        assertProblem(admin.post("/directories/nowhere/test", "{\"username\": \"alice\"}"), 404);
        assertProblem(admin.post("/directories/database/test", "{\"username\": \"alice\"}"), 422);
        assertProblem(admin.post("/directories/corp/test", "{}"), 422);
        assertProblem(admin.post("/directories/corp/test", "{\"username\": \"alice\", \"password\": \"x\"}"), 422);
        assertProblem(AdminApi.reader(server).post("/directories/corp/test", "{\"username\": \"alice\"}"), 403);
    }

    @Test
    void directoryUsersWhoLoggedInAreListedByDirectory() {
        TestServer.Response login = server.form("/oauth/token",
                "grant_type=password&username=albert&password=albert-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode users = admin.get("/users?directory=corp&q=alb").json().get("items");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).get("username").asText()).isEqualTo("albert");
        assertThat(users.get(0).get("directory").asText()).isEqualTo("corp");
        assertThat(users.get(0).get("email").asText()).isEqualTo("albert@example.com");
        assertThat(admin.get("/users?directory=database&q=alb").json().get("items")).isEmpty();
        assertProblem(admin.get("/users?directory=elsewhere"), 422);
    }
}
