package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A confidential client registered with forwarded_user_ip reports its end user's address in
 * auth0-forwarded-for or Tollgate-Forwarded-For; the rate limit, the login queue and the audit
 * log then see that address. From any other client the headers are ignored.
 */
class ForwardedUserIpTest {
    static final String CONFIG = Toml.config()
            .client("backend", "scopes", Toml.list("read"), "forwarded_user_ip", true)
            .client("app", "scopes", Toml.list("read"))
            .user("alice", "scopes", Toml.list("read"))
            .toString();

    static TestServer.Response login(TestServer server, String client, String password, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = TestServer.basic(client, client + "-secret");
        System.arraycopy(headers, 0, all, 2, headers.length);
        return server.form("/oauth/token", "grant_type=password&username=alice&password=" + password, all);
    }

    static List<String> clientIps(TestServer server, String event) {
        return server.audit(event).stream().map(line -> line.path("client_ip").asText()).toList();
    }

    @Test
    void auditLogShowsTheForwardedAddressOfATrustedBackendOnly() {
        try (TestServer server = TestServer.start(CONFIG, Map.of("brute_force.ip_requests_per_minute", "0"))) {
            assertThat(login(server, "backend", "alice-password", "auth0-forwarded-for", "203.0.113.5").status())
                    .isEqualTo(200);
            assertThat(login(server, "backend", "wrong", "Tollgate-Forwarded-For", "2001:db8::7").status())
                    .isEqualTo(400);
            assertThat(login(server, "app", "alice-password", "auth0-forwarded-for", "203.0.113.5").status())
                    .as("a client not registered to forward").isEqualTo(200);
            assertThat(login(server, "app", "wrong", "Tollgate-Forwarded-For", "198.51.100.1").status()).isEqualTo(400);

            assertThat(clientIps(server, "token_issued")).containsExactly("203.0.113.5", "127.0.0.1");
            assertThat(clientIps(server, "login_failed")).containsExactly("2001:db8:0:0:0:0:0:7", "127.0.0.1");
        }
    }

    @Test
    void rateLimitCountsEachForwardedUserAddressOfTheBackend() {
        // 10 a minute: a burst of one, then one every six seconds
        try (TestServer server = TestServer.start(CONFIG, Map.of("brute_force.ip_requests_per_minute", "10"))) {
            assertThat(login(server, "backend", "alice-password", "auth0-forwarded-for", "203.0.113.5").status())
                    .isEqualTo(200);
            TestServer.Response again = login(server, "backend", "alice-password", "auth0-forwarded-for", "203.0.113.5");
            assertThat(again.status()).as(again.body()).isEqualTo(429);
            assertThat(again.error()).isEqualTo("too_many_requests");
            assertThat(login(server, "backend", "alice-password", "auth0-forwarded-for", "203.0.113.6").status())
                    .as("another user behind the same backend").isEqualTo(200);
            assertThat(login(server, "backend", "alice-password", "Tollgate-Forwarded-For", "203.0.113.7").status())
                    .isEqualTo(200);
            assertThat(login(server, "backend", "alice-password").status()).as("the backend itself").isEqualTo(200);
        }
    }

    @Test
    void forwardedHeaderThatIsNoAddressIsRefusedAndChangesNothing() {
        try (TestServer server = TestServer.start(CONFIG, Map.of("brute_force.ip_requests_per_minute", "0"))) {
            for (String bad : List.of("not-an-address", "203.0.113.5, 198.51.100.1", "example.com")) {
                TestServer.Response response = login(server, "backend", "alice-password", "auth0-forwarded-for", bad);
                assertThat(response.status()).as(bad).isEqualTo(400);
                assertThat(response.error()).isEqualTo("invalid_request");
                assertThat(response.json().path("error_description").asText()).contains("auth0-forwarded-for");
            }
            assertThat(server.count("refresh_tokens") + server.count("login_failures")).isZero();
            assertThat(server.audit("token_issued")).isEmpty();
            assertThat(login(server, "app", "alice-password", "auth0-forwarded-for", "not-an-address").status())
                    .as("ignored from a client that does not forward").isEqualTo(200);
        }
    }

    @Test
    void publicClientCannotForwardUserAddressesAConfidentialOneCan() {
        String config = Toml.config().publicClient("mobile", "forwarded_user_ip", true).toString();
        assertThatThrownBy(() -> TestServer.start(config).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("forwarded_user_ip")
                .hasMessageContaining("public client");
        try (TestServer server = TestServer.start(CONFIG)) {
            assertThat(server.count("clients")).isEqualTo(2);
        }
    }

    @Test
    void clientAddedByTheCommandWithForwardedUserIpIsBelieved() {
        try (TestServer server = TestServer.start(Toml.config().user("alice", "scopes", Toml.list("read")).toString(),
                Map.of("brute_force.ip_requests_per_minute", "0"))) {
            CliProcess.Result added = CliProcess.against(server, null, "client", "add", "cli-backend",
                    "--scopes", "read", "--grant-types", "password", "--forwarded-user-ip");
            assertThat(added.exit()).as(added.err()).isZero();
            Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(added.out());
            assertThat(secret.find()).as(added.out()).isTrue();
            assertThat(CliProcess.against(server, null, "client", "list").out()).contains("forwarded_user_ip=true");
            TestServer.Response response = server.form("/oauth/token",
                    "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("cli-backend", secret.group(1)),
                    "auth0-forwarded-for", "198.51.100.44");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode issued = server.audit("token_issued").get(0);
            assertThat(issued.path("client_ip").asText()).isEqualTo("198.51.100.44");

            CliProcess.Result refused = CliProcess.against(server, null, "client", "add", "cli-mobile", "--public",
                    "--forwarded-user-ip");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("forwarded_user_ip");
        }
    }
}
