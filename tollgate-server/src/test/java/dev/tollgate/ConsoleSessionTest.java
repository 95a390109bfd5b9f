package dev.tollgate;

import static dev.tollgate.Toml.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's sessions and sign-in over plain HTTP, where a browser is not needed: timeouts,
 * the session replaced at sign-in, the lockout shared with the password grant, refusals that
 * change nothing, and the portal's switches.
 */
class ConsoleSessionTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("tollgate_console=([^;]*)");

    private static final String CONFIG = Toml.config()
            .client("app")
            .user("root", "scopes", list("tollgate:admin"))
            .user("alice", "scopes", list("read"))
            .section("console", "idle_timeout", 600, "absolute_timeout", 3600)
            .section("brute_force", "max_failures", 3)
            .toString();

    /** A signed-in console session: its cookie and CSRF token. */
    private record Session(String cookie, String csrf) {}

    @Test
    void theSessionIsReplacedAtSignInAndEndsWhenIdleOrTooOld() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(CONFIG, Map.of(), clock)) {
            Session anonymous = anonymous(server);
            Session admin = signIn(server, anonymous, "root", "root-password");
            assertThat(admin.cookie()).isNotEqualTo(anonymous.cookie());
            assertThat(get(server, "/console/dashboard", anonymous.cookie()).status())
                    .as("the cookie from before sign-in is not signed in").isEqualTo(303);
            assertThat(get(server, "/console/dashboard", admin.cookie()).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(599));
            assertThat(get(server, "/console/dashboard", admin.cookie()).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(601));
            assertThat(get(server, "/console/dashboard", admin.cookie()).status()).as("idle").isEqualTo(303);

            Session busy = signIn(server, anonymous(server), "root", "root-password");
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofSeconds(590));
                assertThat(get(server, "/console/dashboard", busy.cookie()).status()).isEqualTo(200);
            }
            clock.advance(Duration.ofSeconds(100));
            assertThat(get(server, "/console/dashboard", busy.cookie()).status()).as("absolute").isEqualTo(303);
        }
    }

    @Test
    void aSessionEndsWhenItsUserLosesTheAdminScope() {
        try (TestServer server = TestServer.start(CONFIG)) {
            Session admin = signIn(server, anonymous(server), "root", "root-password");
            assertThat(get(server, "/console/users", admin.cookie()).status()).isEqualTo(200);
            server.users().update("root", new dev.tollgate.admin.UserSpec("root", java.util.List.of("read"), null));
            assertThat(get(server, "/console/users", admin.cookie()).status()).isEqualTo(303);
            assertThat(post(server, "/console/clients", admin, "id=late&grant_types=password").status())
                    .isEqualTo(403);
            assertThat(server.services().admin().clients().find("late")).isEmpty();
        }
    }

    @Test
    void consoleSignInsAndPasswordGrantsShareOneLockout() {
        try (TestServer server = TestServer.start(CONFIG)) {
            Session anonymous = anonymous(server);
            assertThat(postLogin(server, anonymous, "root", "wrong").status()).isEqualTo(401);
            assertThat(postLogin(server, anonymous, "root", "wrong").status()).isEqualTo(401);
            assertThat(server.form("/oauth/token", "grant_type=password&username=root&password=wrong",
                    "Authorization", TestServer.basic("app", "app-secret")).status()).isEqualTo(400);
            TestServer.Response locked = postLogin(server, anonymous, "root", "root-password");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.header("Retry-After")).isNotNull();
            assertThat(locked.body()).contains("Too many failed sign-ins");
            assertThat(server.passwordGrant("root", "root-password").status()).isEqualTo(429);
            assertThat(server.audit("login_failed")).anySatisfy(line ->
                    assertThat(line.path("client_id").asText()).isEqualTo("tollgate-console"));
        }
    }

    @Test
    void badInputIsRefusedWithThePageAndChangesNothing() {
        try (TestServer server = TestServer.start(CONFIG)) {
            Session admin = signIn(server, anonymous(server), "root", "root-password");
            TestServer.Response refused = post(server, "/console/clients", admin,
                    "id=broken&grant_types=implicit&auth_method=client_secret_basic");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("text/html");
            assertThat(refused.body()).contains("class=\"field-error\"").contains("implicit");
            assertThat(server.services().admin().clients().find("broken")).isEmpty();

            TestServer.Response missing = get(server, "/console/client?id=nothing-here", admin.cookie());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("no client 'nothing-here'");

            TestServer.Response escaped = post(server, "/console/users", admin,
                    "username=" + URLEncoder.encode("<script>x</script>", StandardCharsets.UTF_8) + "&password=");
            assertThat(escaped.status()).isEqualTo(400);
            assertThat(escaped.body()).doesNotContain("<script>x</script>").contains("value=\"&lt;script>x&lt;/script>\"");
            assertThat(server.users().find("<script>x</script>")).isEmpty();

            TestServer.Response badAlg = post(server, "/console/keys/rotate", admin, "alg=none");
            assertThat(badAlg.status()).isEqualTo(400);
            assertThat(badAlg.body()).contains("alg");
            TestServer.Response badCursor = get(server, "/console/lockouts?cursor=zzz", admin.cookie());
            assertThat(badCursor.status()).isEqualTo(400);

            TestServer.Response foreign = post(server, "/console/clients", new Session(admin.cookie(), "not-the-token"),
                    "id=forged&grant_types=password");
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(server.services().admin().clients().find("forged")).isEmpty();
        }
    }

    @Test
    void thePortalIsOffUnlessEnabledAndSignUpUnlessOpened() {
        try (TestServer server = TestServer.start(CONFIG)) {
            assertThat(server.get("/portal/login").status()).isEqualTo(404);
        }
        String enabled = CONFIG + "\n[portal]\nenabled = true\n";
        try (TestServer server = TestServer.start(enabled)) {
            assertThat(server.get("/portal/login").status()).isEqualTo(200);
            TestServer.Response signup = server.get("/portal/signup");
            assertThat(signup.status()).isEqualTo(404);
            assertThat(signup.body()).contains("Sign-up is not open");
        }
    }

    @Test
    void aGrantTypeDevelopersCannotBeGivenStopsStartUpByName() {
        assertThatThrownBy(() -> TestServer.start(CONFIG + "\n[portal]\ngrant_types = [\"implicit\"]\n"))
                .isInstanceOf(dev.tollgate.config.ConfigException.class)
                .hasMessageContaining("portal.grant_types");
        assertThatThrownBy(() -> TestServer.start(CONFIG.replace("absolute_timeout = 3600", "absolute_timeout = 60")))
                .isInstanceOf(dev.tollgate.config.ConfigException.class)
                .hasMessageContaining("console.absolute_timeout");
    }

    private static Session anonymous(TestServer server) {
        TestServer.Response page = server.get("/console/login");
        assertThat(page.status()).isEqualTo(200);
        return new Session(cookie(page), csrf(page.body()));
    }

    private static Session signIn(TestServer server, Session anonymous, String username, String password) {
        TestServer.Response response = postLogin(server, anonymous, username, password);
        assertThat(response.status()).as(response.body()).isEqualTo(303);
        String cookie = cookie(response);
        TestServer.Response page = get(server, "/console/dashboard", cookie);
        return new Session(cookie, csrf(page.body()));
    }

    private static TestServer.Response postLogin(TestServer server, Session session, String username, String password) {
        return post(server, "/console/login", session, "username=" + username + "&password=" + password);
    }

    private static TestServer.Response post(TestServer server, String path, Session session, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tollgate_console=" + session.cookie())
                .POST(HttpRequest.BodyPublishers.ofString(body + "&_csrf=" + session.csrf())).build());
    }

    private static TestServer.Response get(TestServer server, String path, String cookie) {
        return server.get(path, "Cookie", "tollgate_console=" + cookie);
    }

    private static String cookie(TestServer.Response response) {
        Matcher matcher = COOKIE.matcher(response.header("Set-Cookie"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String csrf(String body) {
        Matcher matcher = CSRF.matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }
}
