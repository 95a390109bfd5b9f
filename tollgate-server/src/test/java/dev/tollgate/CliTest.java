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
    static final MovableClock CLOCK = new MovableClock();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                [[clients]]
                id = "app"
                secret = "app-secret"
                scopes = ["read", "openid", "profile", "email", "phone", "address"]
                """, Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliProcess.Result cli(String stdin, String... args) {
        return CliProcess.against(server, stdin, args);
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
    void userAddSetsTheOpenIdConnectClaims() {
        CliProcess.Result added = cli("hank-password\n", "user", "add", "hank", "--email", "hank@example.com",
                "--email-verified", "--name", "Hank Hill", "--given-name", "Hank", "--family-name", "Hill",
                "--phone-number", "+1 555 0199", "--phone-number-verified", "--address", "84 Rainey Street\nArlen");
        assertThat(added.exit()).as(added.err()).isZero();
        TestServer.Response token = server.form("/oauth/token",
                "grant_type=password&username=hank&password=hank-password&scope=openid%20profile%20email%20phone%20address",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        TestServer.Response userinfo = server.get("/userinfo",
                "Authorization", "Bearer " + token.json().get("access_token").asText());
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
        var claims = userinfo.json();
        assertThat(claims.get("preferred_username").asText()).isEqualTo("hank");
        assertThat(claims.get("name").asText()).isEqualTo("Hank Hill");
        assertThat(claims.get("given_name").asText()).isEqualTo("Hank");
        assertThat(claims.get("family_name").asText()).isEqualTo("Hill");
        assertThat(claims.get("email").asText()).isEqualTo("hank@example.com");
        assertThat(claims.get("email_verified").asBoolean()).isTrue();
        assertThat(claims.get("phone_number").asText()).isEqualTo("+1 555 0199");
        assertThat(claims.get("phone_number_verified").asBoolean()).isTrue();
        assertThat(claims.get("address").get("formatted").asText()).isEqualTo("84 Rainey Street\nArlen");
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
    void clientAddCanIntrospectIsStoredListedAndObeyed() {
        CliProcess.Result allowed = cli(null, "client", "add", "cli-resource", "--grant-types", "password",
                "--can-introspect");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        CliProcess.Result plain = cli(null, "client", "add", "cli-plain", "--grant-types", "password");
        assertThat(plain.exit()).as(plain.err()).isZero();
        Matcher allowedSecret = Pattern.compile("client_secret: (\\S+)").matcher(allowed.out());
        Matcher plainSecret = Pattern.compile("client_secret: (\\S+)").matcher(plain.out());
        assertThat(allowedSecret.find() && plainSecret.find()).isTrue();

        String listed = cli(null, "client", "list").out();
        assertThat(listed.lines().filter(line -> line.startsWith("cli-resource\t"))).singleElement()
                .asString().contains("can_introspect=true");
        assertThat(listed.lines().filter(line -> line.startsWith("cli-plain\t"))).singleElement()
                .asString().doesNotContain("can_introspect");

        assertThat(cli("fran-password\n", "user", "add", "fran").exit()).isZero();
        String token = server.form("/oauth/token", "grant_type=password&username=fran&password=fran-password",
                "Authorization", TestServer.basic("app", "app-secret")).json().get("access_token").asText();
        TestServer.Response introspected = server.form("/oauth/introspect", "token=" + token,
                "Authorization", TestServer.basic("cli-resource", allowedSecret.group(1)));
        assertThat(introspected.json().get("active").asBoolean()).as(introspected.body()).isTrue();
        TokenEndpointErrorTest.assertError(server.form("/oauth/introspect", "token=" + token,
                "Authorization", TestServer.basic("cli-plain", plainSecret.group(1))), 401, "invalid_client");
        CliProcess.Result publicOne = cli(null, "client", "add", "cli-public", "--public", "--can-introspect");
        assertThat(publicOne.exit()).isNotZero();
        assertThat(publicOne.err()).contains("can_introspect");
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
    void apiLifecycleWhileServerRuns() {
        CliProcess.Result added = cli(null, "api", "add", "https://api.example.com/cli", "--scopes", "read",
                "--token-format", "opaque", "--access-token-ttl", "120");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(cli("gina-password\n", "user", "add", "gina", "--scopes", "read").exit()).isZero();
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=gina&password=gina-password&audience=https://api.example.com/cli",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("access_token").asText()).doesNotContain(".");
        assertThat(response.json().get("expires_in").asLong()).isEqualTo(120);
        assertThat(cli(null, "api", "list").out()).contains("https://api.example.com/cli").contains("opaque");
        assertThat(cli(null, "api", "remove", "https://api.example.com/cli").exit()).isZero();
        assertThat(server.form("/oauth/token",
                "grant_type=password&username=gina&password=gina-password&audience=https://api.example.com/cli",
                "Authorization", TestServer.basic("app", "app-secret")).error()).isEqualTo("invalid_target");
        assertThat(cli(null, "api", "add", "x", "--token-format", "paper").exit()).isEqualTo(1);
        assertThat(cli(null, "api", "add", "x", "--token-typ", "jwt").exit()).isEqualTo(1);
        assertThat(cli(null, "api", "list").out()).doesNotContain("x\t");
    }

    @Test
    void anApiAddedWithTokenTypJwtGetsTokensOfThatType() throws Exception {
        CliProcess.Result added = cli(null, "api", "add", "https://api.example.com/plain", "--scopes", "read",
                "--token-typ", "JWT");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(cli(null, "api", "list").out()).contains("https://api.example.com/plain").contains("token_typ=JWT");
        assertThat(cli("ivan-password\n", "user", "add", "ivan", "--scopes", "read").exit()).isZero();
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=ivan&password=ivan-password&audience=https://api.example.com/plain",
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(response.json().get("access_token").asText()).getHeader().getType()
                .getType()).isEqualTo("JWT");
    }

    @Test
    void secretRotationKeepsTheOldSecretForTheGracePeriod() {
        CliProcess.Result added = cli(null, "client", "add", "rotating", "--grant-types", "client_credentials",
                "--scopes", "read");
        String oldSecret = secret(added);
        CliProcess.Result rotated = cli(null, "client", "secret", "rotate", "rotating", "--keep-old-for", "60");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        String newSecret = secret(rotated);
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(clientCredentials("rotating", oldSecret)).isEqualTo(200);
        assertThat(clientCredentials("rotating", newSecret)).isEqualTo(200);
        CLOCK.advance(java.time.Duration.ofSeconds(61));
        assertThat(clientCredentials("rotating", oldSecret)).isEqualTo(401);
        assertThat(clientCredentials("rotating", newSecret)).isEqualTo(200);

        String latest = secret(cli(null, "client", "secret", "rotate", "rotating"));
        assertThat(clientCredentials("rotating", newSecret)).as("no grace period by default").isEqualTo(401);
        assertThat(clientCredentials("rotating", latest)).isEqualTo(200);
        assertThat(cli(null, "client", "secret", "rotate", "nobody").exit()).isEqualTo(1);
    }

    @Test
    void privateKeyJwtClientFromJwksFile() throws Exception {
        com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
        java.nio.file.Path jwks = server.dir.resolve("client-jwks.json");
        java.nio.file.Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
        CliProcess.Result added = cli(null, "client", "add", "keyed", "--jwks-file", jwks.toString(),
                "--grant-types", "client_credentials", "--scopes", "read");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).doesNotContain("client_secret");
        String assertion = ClientAssertions.of("keyed", server.url("/oauth/token"))
                .sign(key, com.nimbusds.jose.JWSAlgorithm.RS256);
        assertThat(server.form("/oauth/token", "grant_type=client_credentials&" + ClientAssertions.params(assertion))
                .status()).isEqualTo(200);
        assertThat(cli(null, "client", "list").out()).contains("keyed").contains("private_key_jwt");
        CliProcess.Result bad = cli(null, "client", "add", "broken", "--auth-methods", "private_key_jwt");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("private_key_jwt needs jwks or jwks_uri");
    }

    static String secret(CliProcess.Result result) {
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(result.out());
        assertThat(secret.find()).as(result.out() + result.err()).isTrue();
        return secret.group(1);
    }

    static int clientCredentials(String client, String secret) {
        return server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic(client, secret)).status();
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
        assertThat(server.services().stores().users().findByUsername("frank")).isEmpty();
        CliProcess.Result passwordOnCommandLine = cli("x\n", "user", "add", "frank", "--password", "secret");
        assertThat(passwordOnCommandLine.exit()).isEqualTo(2);
        assertThat(server.services().stores().users().findByUsername("frank")).isEmpty();
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
        assertThat(help.out()).contains("serve", "client add", "client list", "client remove", "client secret rotate",
                "user add", "user list", "user remove", "user set-password", "user unlock", "api add", "api list",
                "api remove", "key rotate", "key list");
        for (String[] command : new String[][] {{"serve"}, {"client", "add"}, {"client", "list"}, {"client", "remove"},
                {"client", "secret", "rotate"}, {"user", "add"}, {"user", "list"}, {"user", "remove"},
                {"user", "set-password"}, {"user", "unlock"}, {"api", "add"}, {"api", "list"}, {"api", "remove"},
                {"key", "rotate"}, {"key", "list"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            CliProcess.Result result = CliProcess.run(server.dir, null, args);
            assertThat(result.exit()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).contains("Usage: tollgate " + String.join(" ", command));
        }
    }

    @Test
    void serveWithUnknownOptionIsAUsageError() {
        CliProcess.Result result = CliProcess.run(server.dir, null, List.of("serve", "--prot", "8080"));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown options: '--prot', '8080'", "Usage: tollgate serve");
    }
}
