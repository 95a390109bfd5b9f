package dev.tollgate;

import static dev.tollgate.Toml.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console and the developer portal in a real browser (headless Chromium) against a real
 * server: what an administrator and a developer do, the session and CSRF defences, and an
 * automated accessibility check of the main pages.
 */
class ConsoleBrowserTest {
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(Toml.config()
                .client("app", "scopes", list("read", "openid", "profile", "email"))
                .user("alice", "scopes", list("read"), "email", "alice@example.com")
                .user("root", "scopes", list("tollgate:admin"))
                .user("mallory", "scopes", list("tollgate:admin"))
                .user("leaver", "scopes", list("tollgate:admin"))
                .user("reader", "scopes", list("read"))
                .section("portal", "enabled", true, "self_signup", true)
                .section("brute_force", "max_failures", 3)
                .toString());
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.open(server.url("/console/login"));
        browser.clearCookies();
        browser.open(server.url("/portal/login"));
        browser.clearCookies();
        browser.width(1280);
    }

    @Test
    void anAdministratorCreatesAClientWhoseSecretIsShownOnceAndWorks() {
        signIn("root");
        assertThat(browser.path()).isEqualTo("/console/dashboard");
        browser.open(server.url("/console/clients"));
        browser.type("#f-id", "shop");
        browser.type("#f-scopes", "read");
        browser.submit("#create-client button[type=submit]");

        assertThat(browser.path()).isEqualTo("/console/client");
        String secret = browser.text("#client-secret");
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(browser.find("button.copy").getText()).isEqualTo("Copy secret");
        browser.screenshot("console-client-secret");

        TestServer.Response grant = server.form("/oauth/token", "grant_type=password&username=alice"
                + "&password=alice-password&scope=read", "Authorization", TestServer.basic("shop", secret));
        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(grant.json().path("access_token").asText()).isNotEmpty();

        browser.driver().navigate().refresh();
        assertThat(browser.all("#client-secret")).as("the secret is shown once").isEmpty();
        assertThat(server.services().admin().clients().find("shop")).isPresent();

        browser.open(server.url("/console/dashboard"));
        assertThat(browser.text("main h1")).isEqualTo("Dashboard");
        assertThat(browser.all("svg.chart polyline")).hasSize(4);
        assertThat(browser.text("main")).contains("database (database, default): the database is reachable");
        browser.screenshot("console-dashboard");
        browser.width(360);
        browser.screenshot("console-dashboard-360");
    }

    @Test
    void anAdministratorRotatesASecretAndDeletesTheClientAfterConfirming() {
        signIn("root");
        browser.open(server.url("/console/clients"));
        browser.type("#f-id", "rotating");
        browser.submit("#create-client button[type=submit]");
        String first = browser.text("#client-secret");
        browser.submit("form[action='/console/client/rotate'] button");
        String second = browser.text("#client-secret");
        assertThat(second).isNotEqualTo(first);
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("rotating", first)).status()).isEqualTo(401);
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("rotating", second)).status()).isEqualTo(200);

        browser.submit("a.button.danger");
        assertThat(browser.text("main h1")).isEqualTo("Delete client rotating");
        assertThat(server.services().admin().clients().find("rotating")).as("not before confirming").isPresent();
        browser.screenshot("console-delete-confirm");
        browser.submit("form button.danger");
        assertThat(browser.path()).isEqualTo("/console/clients");
        assertThat(server.services().admin().clients().find("rotating")).isEmpty();
    }

    @Test
    void anAdministratorSeesAndRevokesAUsersSessionAndResetsThePassword() {
        server.login("alice", "alice-password", "");
        signIn("root");
        browser.open(server.url("/console/users"));
        browser.submit("a[href='/console/user?username=alice']");
        assertThat(browser.all("form[action='/console/user/sessions/revoke']")).hasSizeGreaterThanOrEqualTo(1);
        browser.screenshot("console-user");
        while (!browser.all("form[action='/console/user/sessions/revoke']").isEmpty()) {
            browser.submit("form[action='/console/user/sessions/revoke'] button");
            assertThat(browser.text("p.notice")).isEqualTo("Session revoked.");
        }
        assertThat(server.services().admin().sessions().list(server.users().get("alice"))).isEmpty();

        browser.type("#f-given_name", "Alicia");
        browser.type("#f-address", "2 Side Street\nShelbyville");
        browser.submit("form[action='/console/user'] button[type=submit]");
        assertThat(browser.text("p.notice")).isEqualTo("Saved.");
        assertThat(server.users().get("alice").profile().givenName()).isEqualTo("Alicia");
        assertThat(server.users().get("alice").profile().address()).isEqualTo("2 Side Street\nShelbyville");
        assertThat(server.users().get("alice").profile().email()).isEqualTo("alice@example.com");

        browser.type("#f-password", "alice-new-password");
        browser.submit("form[action='/console/user/password'] button");
        assertThat(server.passwordGrant("alice", "alice-new-password").status()).isEqualTo(200);
        server.users().setPassword("alice", "alice-password");
    }

    @Test
    void theClientSearchUpdatesTheListInPlaceWithHtmx() {
        server.services().admin().clients().register(new dev.tollgate.admin.ClientSpec("searchable-one", null, true,
                null, null, null, null, null, null, null));
        signIn("root");
        browser.open(server.url("/console/clients"));
        Object marker = browser.driver().executeScript("window.samePage = true; return window.samePage;");
        assertThat(marker).isEqualTo(true);
        browser.type("#q", "searchable");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
                browser.all("#client-list tbody tr").size() == 1);
        assertThat(browser.text("#client-list tbody tr")).contains("searchable-one");
        assertThat(browser.driver().executeScript("return window.samePage === true;"))
                .as("htmx swapped the list: the page was not reloaded").isEqualTo(true);
        browser.screenshot("console-client-search");
    }

    @Test
    void anAdministratorRegistersAnApiWhoseTokensSayTypJwt() throws Exception {
        signIn("root");
        browser.open(server.url("/console/apis"));
        browser.type("#f-identifier", "https://api.example.com/stock");
        browser.type("#f-scopes", "read");
        new org.openqa.selenium.support.ui.Select(browser.find("#f-token_typ")).selectByVisibleText("JWT");
        browser.submit("form[action='/console/apis'] button[type=submit]");

        assertThat(browser.path()).isEqualTo("/console/apis");
        assertThat(browser.text("main table")).contains("https://api.example.com/stock").contains("typ JWT");
        assertThat(server.services().admin().apis().find("https://api.example.com/stock").orElseThrow().tokenTyp())
                .isEqualTo("JWT");
        TestServer.Response grant = server.form("/oauth/token", "grant_type=password&username=alice"
                + "&password=alice-password&audience=https://api.example.com/stock",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(grant.json().get("access_token").asText()).getHeader().getType()
                .getType()).isEqualTo("JWT");
    }

    @Test
    void invalidInputIsShownNextToTheFieldAndChangesNothing() {
        signIn("root");
        browser.open(server.url("/console/clients"));
        browser.type("#f-id", "bad-ttl");
        browser.type("#f-access_token_ttl", "-5");
        browser.submit("#create-client button[type=submit]");

        assertThat(browser.find("#e-access_token_ttl").getText()).contains("Access token lifetime");
        assertThat(browser.find("#f-access_token_ttl").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(server.services().admin().clients().find("bad-ttl")).isEmpty();
        browser.screenshot("console-field-error");
    }

    @Test
    void aDeveloperSignsUpGeneratesKeysAndSeesAVerifiedToken() {
        browser.open(server.url("/portal/signup"));
        browser.type("#f-username", "dev1");
        browser.type("#f-email", "dev1@example.com");
        browser.type("#f-password", "dev1-password");
        browser.submit("form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/portal/apps");

        browser.type("#f-name", "My shop");
        browser.submit("form[action='/portal/apps'] button[type=submit]");
        assertThat(browser.path()).isEqualTo("/portal/app");
        assertThat(browser.all("#client-secret")).isEmpty();
        browser.submit("#generate-keys");
        String clientId = browser.text("#client-id");
        String secret = browser.text("#client-secret");
        browser.screenshot("portal-generate-keys");

        browser.open(server.url("/portal/app/try?id=" + clientId));
        browser.type("#f-client_secret", secret);
        browser.type("#f-username", "alice");
        browser.type("#f-password", "alice-password");
        browser.submit("form[action='/portal/app/try'] button[type=submit]");

        assertThat(browser.text("#response-status")).isEqualTo("200");
        assertThat(browser.find("#access-token-check").getAttribute("class")).isEqualTo("verified");
        assertThat(browser.find("#id-token-check").getAttribute("class")).isEqualTo("verified");
        assertThat(browser.text("#curl")).contains("grant_type=password").contains(clientId)
                .doesNotContain(secret).doesNotContain("alice-password");
        browser.screenshot("portal-try-it");

        // the keys work over HTTP too, and another developer cannot see the application
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic(clientId, secret)).status()).isEqualTo(200);
        browser.open(server.url("/portal/app?id=" + clientId));
        browser.submit("#generate-keys");
        String regenerated = browser.text("#client-secret");
        assertThat(regenerated).isNotEqualTo(secret);
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic(clientId, secret)).status()).as("the old secret").isEqualTo(401);
        secret = regenerated;
        browser.submit("form.signout button");
        browser.open(server.url("/portal/signup"));
        browser.type("#f-username", "dev2");
        browser.type("#f-email", "dev2@example.com");
        browser.type("#f-password", "dev2-password");
        browser.submit("form button[type=submit]");
        browser.open(server.url("/portal/app?id=" + clientId));
        assertThat(browser.text("main h1")).isEqualTo("Not found");
        assertThat(browser.all("#client-id")).isEmpty();
        browser.open(server.url("/portal/apps"));
        TestServer.Response foreignDelete = server.send(HttpRequest.newBuilder(URI.create(server.url("/portal/app/delete")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tollgate_portal=" + browser.cookie("tollgate_portal"))
                .POST(HttpRequest.BodyPublishers.ofString("id=" + clientId + "&_csrf="
                        + browser.find("input[name=_csrf]").getAttribute("value"))).build());
        assertThat(foreignDelete.status()).isEqualTo(404);
        assertThat(server.services().admin().clients().find(clientId)).isPresent();

        // its owner deletes it after confirming
        browser.submit("form.signout button");
        browser.open(server.url("/portal/login"));
        browser.type("#username", "dev1");
        browser.type("#password", "dev1-password");
        browser.submit("form button[type=submit]");
        browser.open(server.url("/portal/app?id=" + clientId));
        browser.submit("a.button.danger");
        browser.submit("form button.danger");
        assertThat(browser.path()).isEqualTo("/portal/apps");
        assertThat(server.services().admin().clients().find(clientId)).isEmpty();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        signIn("root");
        String cookie = browser.cookie("tollgate_console");
        assertThat(cookie).isNotNull();
        TestServer.Response refused = server.send(HttpRequest.newBuilder(URI.create(server.url("/console/clients")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tollgate_console=" + cookie)
                .POST(HttpRequest.BodyPublishers.ofString("id=forged&grant_types=password")).build());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("security token");
        assertThat(server.services().admin().clients().find("forged")).isEmpty();

        // the page's own form, with its token, does the same change
        browser.open(server.url("/console/clients"));
        browser.type("#f-id", "forged");
        browser.submit("#create-client button[type=submit]");
        assertThat(server.services().admin().clients().find("forged")).isPresent();
        browser.screenshot("console-csrf-own-form");
    }

    @Test
    void aLockedUserCannotSignInEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            signIn("mallory", "wrong-password");
            assertThat(browser.text("#login-error")).isEqualTo("Wrong username or password.");
        }
        signIn("mallory");
        assertThat(browser.path()).isEqualTo("/console/login");
        assertThat(browser.text("#login-error")).contains("Too many failed sign-ins");
        assertThat(browser.cookie("tollgate_console")).isNotNull();
        assertThat(status("/console/dashboard", browser.cookie("tollgate_console"))).isEqualTo(303);
        browser.screenshot("console-locked");

        // an unknown username reads the same as a wrong password, and so does a user who is no administrator
        signIn("nobody", "whatever");
        assertThat(browser.text("#login-error")).isEqualTo("Wrong username or password.");
        signIn("reader");
        assertThat(browser.text("#login-error")).isEqualTo("Wrong username or password.");
    }

    @Test
    void signingOutEndsTheSession() {
        signIn("leaver");
        String cookie = browser.cookie("tollgate_console");
        assertThat(status("/console/dashboard", cookie)).isEqualTo(200);
        browser.submit("form.signout button");
        assertThat(browser.path()).isEqualTo("/console/login");
        assertThat(status("/console/dashboard", cookie)).as("the old cookie is dead").isEqualTo(303);
        browser.open(server.url("/console/users"));
        assertThat(browser.path()).isEqualTo("/console/login");
        browser.screenshot("console-signed-out");
    }

    @Test
    void pagesCarryTheSecurityHeadersAndTheCookieItsAttributes() {
        TestServer.Response login = server.get("/console/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(login.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/console");
        assertThat(login.body()).contains("name=\"_csrf\"");
        browser.open(server.url("/console/login"));
        assertThat(browser.title()).isEqualTo("Sign in to the console · Tollgate console");
        browser.screenshot("console-login");
    }

    @Test
    void theMainPagesHaveNoSeriousAccessibilityViolations() {
        List<String> found = new ArrayList<>();
        browser.open(server.url("/console/login"));
        check(found, "console login");
        signIn("root");
        for (String page : List.of("/console/dashboard", "/console/clients", "/console/client?id=app",
                "/console/users", "/console/user?username=alice", "/console/apis", "/console/keys",
                "/console/lockouts", "/console/audit")) {
            browser.open(server.url(page));
            check(found, page);
        }
        browser.open(server.url("/portal/signup"));
        check(found, "portal sign-up");
        browser.type("#f-username", "dev-a11y");
        browser.type("#f-email", "a11y@example.com");
        browser.type("#f-password", "a11y-password");
        browser.submit("form button[type=submit]");
        check(found, "portal applications");
        browser.screenshot("portal-applications");
        assertThat(found).isEmpty();
    }

    private void check(List<String> found, String page) {
        for (String violation : browser.seriousAccessibilityViolations()) {
            found.add(page + ": " + violation);
        }
    }

    private void signIn(String username) {
        signIn(username, username + "-password");
    }

    private void signIn(String username, String password) {
        browser.open(server.url("/console/login"));
        browser.type("#username", username);
        browser.type("#password", password);
        browser.submit("form button[type=submit]");
    }

    /** The status of a GET with this console cookie, redirects not followed. */
    private static int status(String path, String cookie) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Cookie", "tollgate_console=" + cookie).GET().build()).status();
    }
}
