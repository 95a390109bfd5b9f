package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code admin bootstrap} gives a working admin API client, and the CLI and the API, calling the
 * same admin operations, leave the same state behind.
 */
class AdminCliParityTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.APP_AND_ALICE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bootstrapPrintsASecretThatGetsAnAdminToken() {
        CliProcess.Result result = CliProcess.against(server, null, "admin", "bootstrap", "--id", "ops");
        assertThat(result.exit()).as(result.err()).isZero();
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(result.out());
        assertThat(secret.find()).as(result.out()).isTrue();
        assertThat(result.out()).contains("grant_type=client_credentials", "scope=tollgate:admin");

        AdminApi admin = AdminApi.of(server, "ops", secret.group(1), "tollgate:admin");
        assertThat(admin.get("/clients/ops").json().get("scopes").toString())
                .isEqualTo("[\"tollgate:admin\",\"tollgate:admin:read\"]");

        CliProcess.Result again = CliProcess.against(server, null, "admin", "bootstrap", "--id", "ops");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void aClientAndAUserMadeByTheCliReadTheSameAsOnesMadeByTheApi() {
        CliProcess.Result boot = CliProcess.against(server, null, "admin", "bootstrap", "--id", "parity-ops");
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(boot.out());
        assertThat(secret.find()).as(boot.out()).isTrue();
        AdminApi admin = AdminApi.of(server, "parity-ops", secret.group(1), "tollgate:admin");

        CliProcess.Result cliClient = CliProcess.against(server, null, "client", "add", "by-cli",
                "--grant-types", "password,refresh_token", "--scopes", "read,write", "--access-token-ttl", "600",
                "--refresh-token-policy", "offline_access");
        assertThat(cliClient.exit()).as(cliClient.err()).isZero();
        TestServer.Response apiClient = admin.post("/clients", "{\"id\": \"by-api\", \"grant_types\": "
                + "[\"password\", \"refresh_token\"], \"scopes\": [\"read\", \"write\"], \"access_token_ttl\": 600, "
                + "\"refresh_token_policy\": \"offline_access\"}");
        assertThat(apiClient.status()).as(apiClient.body()).isEqualTo(201);
        assertThat(withoutId(admin.get("/clients/by-cli").json(), "id"))
                .isEqualTo(withoutId(admin.get("/clients/by-api").json(), "id"));

        CliProcess.Result cliUser = CliProcess.against(server, "pw-one\n", "user", "add", "cli-user",
                "--scopes", "read", "--email", "same@example.com", "--name", "Same Name");
        assertThat(cliUser.exit()).as(cliUser.err()).isZero();
        TestServer.Response apiUser = admin.post("/users", "{\"username\": \"api-user\", \"password\": \"pw-two\", "
                + "\"scopes\": [\"read\"], \"email\": \"same@example.com\", \"name\": \"Same Name\"}");
        assertThat(apiUser.status()).as(apiUser.body()).isEqualTo(201);
        JsonNode listed = admin.get("/users?q=same%40").json().get("items");
        assertThat(listed).hasSize(2);
        assertThat(withoutId(listed.get(0), "id", "username", "updated_at"))
                .isEqualTo(withoutId(listed.get(1), "id", "username", "updated_at"));

        assertThat(admin.delete("/users/" + apiUser.json().get("id").asText()).status()).isEqualTo(204);
        CliProcess.Result list = CliProcess.against(server, null, "user", "list");
        assertThat(list.out()).contains("cli-user").doesNotContain("api-user");
    }

    private static JsonNode withoutId(JsonNode json, String... keys) {
        ObjectNode copy = json.deepCopy();
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }
}
