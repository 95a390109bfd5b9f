package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The management commands, each in its own process, on the database of a running server: the
 * server sees their changes at once.
 */
class CliTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
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

    static CliProcess.Result cli(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(server.dir.resolve("tollgate.toml").toString());
        for (Map.Entry<String, String> e : TestServer.defaults(server.dir).entrySet()) {
            all.add("--set");
            all.add(e.getKey() + "=" + e.getValue());
        }
        return CliProcess.run(server.dir, stdin, all);
    }

    static int login(String client, String secret, String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", TestServer.basic(client, secret)).status();
    }

    @Test
    void userLifecycleWhileServerRuns() {
        CliProcess.Result added = cli("carol-password\n", "user", "add", "carol", "--scopes", "read",
                "--email", "carol@example.com");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(login("app", "app-secret", "carol", "carol-password")).isEqualTo(200);

        CliProcess.Result listed = cli(null, "user", "list");
        assertThat(listed.out()).contains("carol").contains("carol@example.com");

        CliProcess.Result changed = cli("carol-new-password\n", "user", "set-password", "carol");
        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(login("app", "app-secret", "carol", "carol-password")).isEqualTo(400);
        assertThat(login("app", "app-secret", "carol", "carol-new-password")).isEqualTo(200);

        CliProcess.Result removed = cli(null, "user", "remove", "carol");
        assertThat(removed.exit()).isZero();
        assertThat(login("app", "app-secret", "carol", "carol-new-password")).isEqualTo(400);
    }

    @Test
    void clientLifecycleWhileServerRuns() {
        assertThat(cli("dave-password\n", "user", "add", "dave", "--scopes", "read,write").exit()).isZero();
        CliProcess.Result added = cli(null, "client", "add", "cli-app", "--scopes", "read,write",
                "--grant-types", "password");
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(added.out());
        assertThat(secret.find()).as(added.out()).isTrue();
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=dave&password=dave-password",
                "Authorization", TestServer.basic("cli-app", secret.group(1)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("scope").asText()).isEqualTo("read write");
        assertThat(response.json().has("refresh_token")).isFalse();

        assertThat(cli(null, "client", "list").out()).contains("cli-app").contains("confidential");
        assertThat(cli(null, "client", "remove", "cli-app").exit()).isZero();
        assertThat(login("cli-app", secret.group(1), "dave", "dave-password")).isEqualTo(401);
    }

    @Test
    void publicClientAndSecretFromStdin() {
        assertThat(cli("erin-password\n", "user", "add", "erin", "--scopes", "read").exit()).isZero();
        assertThat(cli(null, "client", "add", "mobile", "--public", "--scopes", "read", "--grant-types", "password")
                .exit()).isZero();
        assertThat(server.form("/oauth/token",
                "grant_type=password&client_id=mobile&username=erin&password=erin-password").status()).isEqualTo(200);
        CliProcess.Result chosen = cli("a-chosen-secret\n", "client", "add", "chosen", "--secret-stdin",
                "--scopes", "read");
        assertThat(chosen.exit()).as(chosen.err()).isZero();
        assertThat(chosen.out()).doesNotContain("a-chosen-secret");
        assertThat(login("chosen", "a-chosen-secret", "erin", "erin-password")).isEqualTo(200);
    }

    @Test
    void failuresExitNonZeroWithAMessage() {
        CliProcess.Result missing = cli(null, "user", "remove", "nobody");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no user 'nobody'");
        CliProcess.Result duplicate = cli(null, "client", "add", "app");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err()).contains("already exists");
        CliProcess.Result noPassword = cli("", "user", "add", "frank");
        assertThat(noPassword.exit()).isEqualTo(1);
        assertThat(server.services().users.findByUsername("frank")).isEmpty();
        CliProcess.Result passwordOnCommandLine = cli("x\n", "user", "add", "frank", "--password", "secret");
        assertThat(passwordOnCommandLine.exit()).isEqualTo(2);
        assertThat(server.services().users.findByUsername("frank")).isEmpty();
    }

    @Test
    void badConfigurationIsReportedByKey() {
        CliProcess.Result result = cli(null, "client", "list", "--set", "server.prot=1");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("unknown config key 'server.prot'");
    }

    @Test
    void helpDocumentsEveryCommand() {
        CliProcess.Result help = CliProcess.run(server.dir, null, List.of("--help"));
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "client add", "client list", "client remove", "user add",
                "user list", "user remove", "user set-password", "user unlock");
        for (String[] command : new String[][] {{"serve"}, {"client", "add"}, {"client", "list"}, {"client", "remove"},
                {"user", "add"}, {"user", "list"}, {"user", "remove"}, {"user", "set-password"},
                {"user", "unlock"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            CliProcess.Result result = CliProcess.run(server.dir, null, args);
            assertThat(result.exit()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).contains("Usage: tollgate " + String.join(" ", command));
        }
    }
}
