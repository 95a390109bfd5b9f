package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code import keycloak|auth0|users} and {@code export}, each in its own process on a running
 * server's database, and the imported users logging in with their original passwords through the
 * password grant. The fixtures and their passwords: src/test/resources/import/README.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Toml.config().client("app", "scopes", Toml.list("read", "write", "orders:read"))
                .section("brute_force", "max_failures", 1000).toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path fixture(TestServer on, String name) {
        try (InputStream in = ImportTest.class.getResourceAsStream("/import/" + name)) {
            Path file = on.dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name, String content) {
        try {
            return Files.writeString(server.dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CliProcess.Result cli(TestServer on, String... args) {
        return CliProcess.against(on, null, args);
    }

    static TestServer.Response grant(TestServer on, String client, String secret, String form) {
        return on.form("/oauth/token", form, "Authorization", TestServer.basic(client, secret));
    }

    static TestServer.Response login(TestServer on, String username, String password) {
        return grant(on, "app", "app-secret", "grant_type=password&username=" + enc(username) + "&password=" + enc(password));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String storedHash(TestServer on, String username) {
        return on.services().stores().users().findByUsername(username).orElseThrow().passwordHash();
    }

    @Test
    @Order(1)
    void keycloakRealmExport() {
        // made by a real Keycloak 26 (bench/keycloak-export); users and passwords in import/README.md
        CliProcess.Result imported = cli(server, "import", "keycloak", fixture(server, "keycloak-realm.json").toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        // the 6 built-in clients and the service account user of web-app are skipped
        assertThat(imported.out()).contains("imported 4 users (4 new, 0 updated, 0 unchanged), 0 invalid, 0 conflicts, "
                + "2 clients (2 new, 0 updated, 0 unchanged), 7 skipped");
        for (String builtIn : List.of("account", "account-console", "admin-cli", "broker", "realm-management",
                "security-admin-console")) {
            assertThat(server.services().admin().clients().find(builtIn)).as(builtIn).isEmpty();
        }
        assertThat(server.users().find("service-account-web-app")).isEmpty();

        // alice: Keycloak's default argon2, through the confidential client with direct access grants
        TestServer.Response alice = grant(server, "web-app", "web-app-secret",
                "grant_type=password&username=alice&password=alice-password&scope=orders:read%20openid");
        assertThat(alice.status()).as(alice.body()).isEqualTo(200);
        assertThat(alice.json().get("scope").asText()).contains("orders:read");
        assertThat(alice.json().has("refresh_token")).as("direct access grants bring refresh_token").isTrue();
        assertThat(storedHash(server, "alice")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(server.users().get("alice").id()).as("Keycloak's id stays the subject")
                .isEqualTo("1e4d630b-8729-40ec-b703-2c69009cf4e3");
        assertThat(server.users().get("alice").profile().givenName()).isEqualTo("Alice");
        assertThat(server.users().get("alice").profile().familyName()).isEqualTo("Liddell");
        assertThat(server.users().get("alice").profile().name()).isEqualTo("Alice Liddell");
        assertThat(server.users().get("alice").profile().email()).isEqualTo("alice@example.com");
        assertThat(server.users().get("alice").profile().emailVerified()).isTrue();
        assertThat(server.users().get("alice").scopes()).as("realm roles but default-roles-acme")
                .containsExactly("orders:read");
        TestServer.Response refreshed = grant(server, "web-app", "web-app-secret",
                "grant_type=refresh_token&refresh_token=" + enc(alice.json().get("refresh_token").asText()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

        // bob: pbkdf2-sha256, through the public client
        String bobHash = storedHash(server, "bob");
        assertThat(bobHash).startsWith("$pbkdf2-sha256$i=27500,l=32$");
        TestServer.Response bob = server.form("/oauth/token",
                "grant_type=password&client_id=cli-tool&username=bob&password=bob-password");
        assertThat(bob.status()).as(bob.body()).isEqualTo(200);
        assertThat(storedHash(server, "bob")).as("rehashed at login").startsWith("$argon2id$");
        assertThat(server.users().get("bob").scopes()).containsExactly("orders:write");
        // the public client has no secret and no client_credentials
        assertThat(server.form("/oauth/token", "grant_type=client_credentials&client_id=cli-tool").status())
                .isEqualTo(400);
        // dave: pbkdf2 (HMAC-SHA1), with the roles of his group and its parent
        assertThat(storedHash(server, "dave")).startsWith("$pbkdf2-sha1$i=10000,l=64$");
        assertThat(login(server, "dave", "dave-password").status()).isEqualTo(200);
        assertThat(server.users().get("dave").scopes()).as("the roles of /staff/warehouse and /staff")
                .containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(login(server, "dave", "wrong").status()).isEqualTo(400);
        // web-app's service account: client_credentials, and every realm role a scope it may ask for
        TestServer.Response machine = grant(server, "web-app", "web-app-secret",
                "grant_type=client_credentials&scope=orders:write");
        assertThat(machine.status()).as(machine.body()).isEqualTo(200);
        assertThat(grant(server, "web-app", "wrong-secret", "grant_type=password&username=bob&password=bob-password")
                .status()).isEqualTo(401);

        // carol (pbkdf2-sha512) is disabled: her right password answers exactly like a wrong one, and like an unknown user
        assertThat(storedHash(server, "carol")).startsWith("$pbkdf2-sha512$i=10000,l=64$");
        TestServer.Response right = login(server, "carol", "carol-password");
        TestServer.Response wrong = login(server, "carol", "wrong-password");
        TestServer.Response unknown = login(server, "nobody", "wrong-password");
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.body()).isEqualTo(wrong.body()).isEqualTo(unknown.body());
        assertThat(UserEnumerationTest.headersWithoutDate(right)).isEqualTo(UserEnumerationTest.headersWithoutDate(wrong));
        assertThat(storedHash(server, "carol")).as("no rehash for a disabled user").startsWith("$pbkdf2-sha512$");

        // the same file again, after logins upgraded some hashes: nothing changes
        CliProcess.Result again = cli(server, "import", "keycloak", server.dir.resolve("keycloak-realm.json").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("imported 4 users (0 new, 0 updated, 4 unchanged)")
                .contains("2 clients (0 new, 0 updated, 2 unchanged)");
        assertThat(storedHash(server, "alice")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
    }

    @Test
    @Order(2)
    void auth0BulkFileNeedsConsentForWeakHashes() {
        long users = server.count("users");
        Path file = fixture(server, "auth0-users.json");
        CliProcess.Result refused = cli(server, "import", "auth0", file.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("error: record 4: password_hash is a salted fast digest (weak)")
                .contains("--allow-weak-hashes").contains("nothing was written");
        assertThat(server.count("users")).isEqualTo(users);

        CliProcess.Result imported = cli(server, "import", "auth0", file.toString(), "--allow-weak-hashes");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 7 users (7 new").contains("3 users with weak hashes, flagged");
        for (String[] user : new String[][] {{"erin@example.com", "erin-password"}, {"frank", "auth0-pbkdf2-password"},
                {"ivan@example.com", "sha512-password"}, {"judy@example.com", "md5-password"},
                {"mallory@example.com", "scrypt-password"}}) {
            assertThat(login(server, user[0], user[1]).status()).as(user[0]).isEqualTo(200);
            assertThat(storedHash(server, user[0])).as(user[0]).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        }
        assertThat(server.users().get("erin@example.com").profile().name()).isEqualTo("Erin Example");
        TestServer.Response blocked = login(server, "grace@example.com", "argon2i-password");
        assertThat(blocked.body()).isEqualTo(login(server, "grace@example.com", "wrong").body());

        CliProcess.Result listed = cli(server, "user", "list");
        assertThat(listed.out()).containsPattern("heidi@example.com\\t[^\\n]*\\tweak_hash")
                .containsPattern("grace@example.com\\t[^\\n]*\\tdisabled")
                .doesNotContainPattern("judy@example.com\\t[^\\n]*weak_hash");
        assertThat(login(server, "heidi@example.com", "sha256-password").status()).isEqualTo(200);
        assertThat(server.users().isWeakHash(storedHash(server, "heidi@example.com"))).isFalse();
    }

    @Test
    @Order(3)
    void csvAndJsonLines() {
        CliProcess.Result csv = cli(server, "import", "users", fixture(server, "users.csv").toString());
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out()).contains("imported 2 users (2 new");
        assertThat(login(server, "laravel-user", "erin-password").status()).isEqualTo(200);
        assertThat(login(server, "django-user", "django-password").status()).isEqualTo(200);
        assertThat(server.users().get("django-user").profile().name()).isEqualTo("Django, User");
        assertThat(server.users().get("laravel-user").scopes()).containsExactlyInAnyOrder("read", "write");

        Path lines = file("mixed.jsonl", """
                {"type":"client","id":"partner","secret_hash":"%s","grant_types":["password"],"scopes":["read"]}
                {"username":"lena","password_hash":"pbkdf2_sha1$1900$pepper01$K0saeNnn4ASHkOnu4dVwgCSd6kQ=","scopes":["read"],"email":"lena@example.com","email_verified":true}

                {"type":"user","username":"otto","password_hash":"$scrypt$ln=12,r=8,p=1$c2NyeXB0LXNhbHQtMDAwMQ$dxBCXjOXzsEkzZ9zVZVe4kHEOXFmgoBpSxlCqlaAWHA"}
                """.formatted(server.services().hashing().hasher().hash("partner-secret")));
        CliProcess.Result jsonl = cli(server, "import", "users", lines.toString());
        assertThat(jsonl.exit()).as(jsonl.err()).isZero();
        assertThat(jsonl.out()).contains("imported 2 users (2 new").contains("1 clients (1 new");
        TestServer.Response lena = grant(server, "partner", "partner-secret",
                "grant_type=password&username=lena&password=django-sha1-password&scope=read");
        assertThat(lena.status()).as(lena.body()).isEqualTo(200);
        assertThat(login(server, "otto", "scrypt-password").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void invalidRecordIsNamedAndNothingIsWritten() {
        long users = server.count("users");
        Path bad = file("bad.jsonl", """
                {"username":"new-one","password_hash":"$2b$04$abcdefghijklmnopqrstuuU6YORKW3Jtlw3/3RtsfMH8z0y9vjLRi"}
                {"username":"new-two","password_hash":"$2b$04$abcdefghijklmnopqrstuuU6YORKW3Jtlw3/3RtsfMH8z0y9vjLRi"}
                {"username":"new-three","password_hash":"$2b$04$abcdefghijklmnopqrstuuU6YORKW3Jtlw3/3RtsfMH8z0y9vjLRi","scopes":"read"}
                {"username":"new-four","password_hash":"md5:abc"}
                """);
        CliProcess.Result refused = cli(server, "import", "users", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("error: record 3 (line 3): scopes must be a list of strings; nothing was written");
        assertThat(refused.err()).doesNotContain("Exception");
        assertThat(server.count("users")).isEqualTo(users);

        CliProcess.Result skipped = cli(server, "import", "users", bad.toString(), "--skip-invalid");
        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(skipped.err()).contains("record 3 (line 3): scopes must be a list of strings (skipped)")
                .contains("record 4: password_hash is not a supported password hash");
        assertThat(skipped.out()).contains("imported 2 users (2 new").contains("2 invalid");
        assertThat(server.count("users")).isEqualTo(users + 2);
        assertThat(login(server, "new-two", "erin-password").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void conflictsAreReportedUnlessUpdate() {
        Path changed = file("changed.jsonl", """
                {"username":"laravel-user","password_hash":"$2y$04$abcdefghijklmnopqrstuuU6YORKW3Jtlw3/3RtsfMH8z0y9vjLRi","email":"new@example.com","scopes":["read","write"]}
                {"username":"brand-new","password_hash":"$2y$04$abcdefghijklmnopqrstuuU6YORKW3Jtlw3/3RtsfMH8z0y9vjLRi"}
                """);
        long users = server.count("users");
        CliProcess.Result dryRun = cli(server, "import", "users", changed.toString(), "--dry-run", "--update");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("dry run, nothing written: would import 2 users (1 new, 1 updated");
        assertThat(server.count("users")).isEqualTo(users);
        assertThat(server.users().get("laravel-user").profile().email()).isEqualTo("laravel@example.com");

        CliProcess.Result conflict = cli(server, "import", "users", changed.toString());
        assertThat(conflict.exit()).isEqualTo(1);
        assertThat(conflict.err()).contains("record 1: user 'laravel-user' exists with a different profile (--update replaces it)")
                .contains("error: 1 records conflict");
        assertThat(conflict.out()).contains("1 new").contains("1 conflicts");
        assertThat(server.users().get("laravel-user").profile().email()).isEqualTo("laravel@example.com");

        CliProcess.Result updated = cli(server, "import", "users", changed.toString(), "--update");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.out()).contains("(0 new, 1 updated, 1 unchanged)");
        assertThat(server.users().get("laravel-user").profile().email()).isEqualTo("new@example.com");
    }

    @Test
    @Order(6)
    void exportImportsIntoAnotherServerLosslessly() throws IOException {
        Path exported = server.dir.resolve("export.jsonl");
        CliProcess.Result export = cli(server, "export", exported.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 4 clients and");
        String content = Files.readString(exported);
        assertThat(content).doesNotContain("app-secret").doesNotContain("web-app-secret").doesNotContain("partner-secret");
        for (String line : content.split("\n")) {
            JsonNode json = TestServer.JSON.readTree(line);
            assertThat(json.get("type").asText()).isIn("user", "client");
        }
        assertThat(Files.getPosixFilePermissions(exported)).hasSize(2);

        try (TestServer second = TestServer.start("")) {
            Path copy = Files.copy(exported, second.dir.resolve("export.jsonl"));
            CliProcess.Result imported = cli(second, "import", "users", copy.toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("4 clients (4 new");

            Path again = second.dir.resolve("again.jsonl");
            assertThat(cli(second, "export", again.toString()).exit()).isZero();
            assertThat(Files.readString(again)).as("the same data, hashes and ids").isEqualTo(content);

            assertThat(login(second, "alice", "alice-password").status()).isEqualTo(200);
            assertThat(login(second, "erin@example.com", "erin-password").status()).isEqualTo(200);
            assertThat(login(second, "django-user", "django-password").status()).isEqualTo(200);
            assertThat(login(second, "carol", "carol-password").status()).as("still disabled").isEqualTo(400);
            assertThat(login(second, "dave", "dave-password").status()).isEqualTo(200);
            assertThat(second.users().get("alice").id()).isEqualTo("1e4d630b-8729-40ec-b703-2c69009cf4e3");
            assertThat(grant(second, "web-app", "web-app-secret", "grant_type=client_credentials").status())
                    .isEqualTo(200);
            assertThat(second.form("/oauth/token",
                    "grant_type=password&client_id=cli-tool&username=bob&password=bob-password").status())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(7)
    void unreadableFilesAreRefusedCleanly() {
        Path broken = file("broken.json", "[{\"email\":\"x@example.com\",\"password_hash\":");
        CliProcess.Result result = cli(server, "import", "auth0", broken.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: record 1").contains("is not JSON").doesNotContain("Exception");
        CliProcess.Result missing = cli(server, "import", "keycloak", server.dir.resolve("missing.json").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("error: cannot read");
        Path header = file("bad.csv", "username,password,email\nx,y,z\n");
        CliProcess.Result csv = cli(server, "import", "users", header.toString());
        assertThat(csv.exit()).isEqualTo(1);
        assertThat(csv.err()).contains("column 'password'");
    }
}
