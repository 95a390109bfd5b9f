package dev.tollgate;

import static dev.tollgate.AdminApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin REST API through real HTTP: access, clients, users, sessions, APIs, keys, lockouts, errors. */
class AdminApiTest {
    static TestServer server;
    static AdminApi admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(AdminApi.CLIENT + TestServer.APP_AND_ALICE + """

                [brute_force]
                max_failures = 3
                ip_requests_per_minute = 60000
                """);
        admin = AdminApi.writer(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenForTheAdminScopeIsForTheAdminApiWithoutAskingForIt() throws Exception {
        TestServer.Response response = server.form("/oauth/token", "grant_type=client_credentials&scope=tollgate:admin",
                "Authorization", TestServer.basic("ops", "ops-secret"));
        JWTClaimsSet claims = AccessTokenTest.claims(response.json());
        assertThat(claims.getAudience()).containsExactly("tollgate-admin");
        assertThat(claims.getStringClaim("scope")).isEqualTo("tollgate:admin");
    }

    @Test
    void withoutATokenTheAnswerIs401WithABearerChallenge() {
        TestServer.Response response = new AdminApi(server, null).get("/clients");
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tollgate\"");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String userToken = server.login("alice", "alice-password", "").get("access_token").asText();
        TestServer.Response response = new AdminApi(server, userToken).get("/clients");
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(new AdminApi(server, "not-a-token").get("/clients").status()).isEqualTo(401);
    }

    @Test
    void theReadScopeMayReadButNotChange() {
        AdminApi reader = AdminApi.reader(server);
        assertThat(reader.get("/clients").status()).isEqualTo(200);
        TestServer.Response refused = reader.post("/clients", "{\"id\": \"by-reader\"}");
        assertProblem(refused, 403);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"", "scope=\"tollgate:admin\"");
        assertThat(admin.get("/clients/by-reader").status()).isEqualTo(404);
    }

    @Test
    void aClientIsCreatedWithItsSecretShownOnceAndWorks() {
        TestServer.Response created = admin.post("/clients",
                "{\"id\": \"shop\", \"grant_types\": [\"client_credentials\"], \"scopes\": [\"read\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/admin/api/v1/clients/shop");
        assertThat(created.header("ETag")).startsWith("\"");
        String secret = created.json().get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(created.json().get("grant_types")).hasSize(1);
        assertThat(server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("shop", secret)).status()).isEqualTo(200);

        TestServer.Response read = admin.get("/clients/shop");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("client_secret")).isFalse();
        assertThat(read.body()).doesNotContain(secret);
        assertThat(read.json().get("public").asBoolean()).isFalse();
        assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndKeepsTheSecret() {
        String secret = admin.post("/clients", "{\"id\": \"patched\", \"grant_types\": [\"client_credentials\"], "
                + "\"scopes\": [\"read\"]}").json().get("client_secret").asText();
        String etag = admin.get("/clients/patched").header("ETag");
        TestServer.Response patched = admin.patch("/clients/patched", "{\"scopes\": [\"read\", \"write\"]}",
                "If-Match", etag);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(patched.json().get("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(patched.header("ETag")).isNotEqualTo(etag);
        TestServer.Response token = server.form("/oauth/token", "grant_type=client_credentials&scope=write",
                "Authorization", TestServer.basic("patched", secret));
        assertThat(token.status()).as(token.body()).isEqualTo(200);

        TestServer.Response stale = admin.patch("/clients/patched", "{\"scopes\": []}", "If-Match", etag);
        assertProblem(stale, 412);
        assertThat(admin.get("/clients/patched").json().get("scopes")).hasSize(2);
        assertProblem(admin.delete("/clients/patched", "If-Match", etag), 412);
        assertThat(admin.get("/clients/patched").status()).isEqualTo(200);
    }

    @Test
    void aDeletedClientIsGoneAndItsTokensWithIt() {
        String secret = admin.post("/clients", "{\"id\": \"doomed\", \"grant_types\": [\"client_credentials\"]}")
                .json().get("client_secret").asText();
        String etag = admin.get("/clients/doomed").header("ETag");
        assertThat(admin.delete("/clients/doomed", "If-Match", etag).status()).isEqualTo(204);
        assertProblem(admin.get("/clients/doomed"), 404);
        assertProblem(admin.delete("/clients/doomed"), 404);
        assertThat(server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("doomed", secret)).status()).isEqualTo(401);
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAfterItsGracePeriod() {
        String first = admin.post("/clients", "{\"id\": \"rotating\", \"grant_types\": [\"client_credentials\"]}")
                .json().get("client_secret").asText();
        TestServer.Response rotated = admin.post("/clients/rotating/secret", "{\"keep_old_for_seconds\": 600}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String second = rotated.json().get("client_secret").asText();
        assertThat(rotated.json().has("previous_secret_expires_at")).isTrue();
        assertThat(token("rotating", first)).isEqualTo(200);
        assertThat(token("rotating", second)).isEqualTo(200);

        String third = admin.post("/clients/rotating/secret", "{\"keep_old_for_seconds\": 0}")
                .json().get("client_secret").asText();
        assertThat(token("rotating", second)).isEqualTo(401);
        assertThat(token("rotating", third)).isEqualTo(200);
        assertProblem(admin.post("/clients/rotating/secret", "{\"keep_old_for_seconds\": -1}"), 422);
        assertProblem(admin.post("/clients/nobody/secret", "{}"), 404);
    }

    @Test
    void badClientBodiesAreRefusedAndChangeNothing() {
        int before = admin.get("/clients?limit=200").json().get("items").size();
        assertProblem(admin.post("/clients", "{\"id\": \"app\"}"), 409);
        TestServer.Response invalid = assertProblem(admin.post("/clients",
                "{\"id\": \"bad\", \"grant_types\": [\"implicit\"]}"), 422);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("grant_types");
        TestServer.Response unknown = assertProblem(admin.post("/clients", "{\"id\": \"bad\", \"colour\": \"red\"}"), 422);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("colour");
        assertProblem(admin.post("/clients", "{\"id\": \"bad\", \"scopes\": \"read\"}"), 422);
        assertProblem(admin.post("/clients", "{\"id\": \"bad\", \"public\": true}"), 422);
        assertProblem(admin.post("/clients", "{\"id\": \"bad\""), 400);
        assertProblem(admin.post("/clients", "[1, 2]"), 400);
        assertProblem(admin.post("/clients", "{\"id\": \"a\", \"id\": \"b\"}"), 400);
        assertProblem(admin.send("POST", "/clients", "application/x-www-form-urlencoded", "id=bad"), 415);
        assertProblem(admin.patch("/clients/app", "{\"id\": \"renamed\"}"), 422);
        assertProblem(admin.patch("/clients/app", "{\"access_token_ttl\": \"long\"}"), 422);
        assertThat(admin.get("/clients?limit=200").json().get("items")).hasSize(before);
        assertThat(admin.get("/clients/app").json().get("access_token_ttl")).isNull();
    }

    @Test
    void aBodyOver64KiBIsRefusedBeforeItIsRead() throws Exception {
        // only the head is sent, so the answer cannot race the body (see TokenEndpointErrorTest)
        String head = "POST /admin/api/v1/clients HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + admin.token() + "\r\nContent-Length: 70000\r\n\r\n";
        HostileInputTest.Answer answer = HostileInputTest.send(server.tollgate.port(),
                head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("urn:tollgate:problem:payload-too-large");
    }

    @Test
    void aUserIsCreatedFoundChangedAndRemoved() {
        TestServer.Response created = admin.post("/users", "{\"username\": \"bob\", \"password\": \"bob-password-1\", "
                + "\"scopes\": [\"read\"], \"email\": \"bob@example.com\", \"name\": \"Bob\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/admin/api/v1/users/" + id);
        assertThat(created.json().get("directory").asText()).isEqualTo("database");
        assertThat(created.body()).doesNotContain("bob-password-1", "argon2");
        assertThat(server.passwordGrant("bob", "bob-password-1").status()).isEqualTo(200);

        JsonNode found = admin.get("/users?q=bob%40exa").json().get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asText()).isEqualTo(id);

        TestServer.Response patched = admin.patch("/users/" + id, "{\"username\": \"robert\", \"email\": null}",
                "If-Match", created.header("ETag"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("username").asText()).isEqualTo("robert");
        assertThat(patched.json().has("email")).isFalse();
        assertThat(patched.json().get("name").asText()).isEqualTo("Bob");
        assertThat(server.passwordGrant("robert", "bob-password-1").status()).isEqualTo(200);
        assertProblem(admin.patch("/users/" + id, "{\"password\": \"x\"}"), 422);
        assertProblem(admin.patch("/users/" + id, "{\"username\": \"alice\"}"), 409);

        assertProblem(admin.delete("/users/" + id, "If-Match", created.header("ETag")), 412);
        assertThat(admin.delete("/users/" + id, "If-Match", patched.header("ETag")).status()).isEqualTo(204);
        assertProblem(admin.get("/users/" + id), 404);
        assertThat(server.passwordGrant("robert", "bob-password-1").status()).isEqualTo(400);
    }

    @Test
    void badUserBodiesAreRefused() {
        assertProblem(admin.post("/users", "{\"username\": \"carol\"}"), 422);
        assertProblem(admin.post("/users", "{\"username\": \"carol\", \"password\": \"a\", \"password_hash\": \"b\"}"),
                422);
        assertProblem(admin.post("/users", "{\"username\": \"carol\", \"password_hash\": \"md5:abc\"}"), 422);
        assertProblem(admin.post("/users", "{\"username\": \"alice\", \"password\": \"another-one\"}"), 409);
        assertProblem(admin.post("/users", "{\"username\": \"carol\", \"password\": \"p\", \"id\": \"mine\"}"), 422);
        assertProblem(admin.get("/users?limit=0"), 422);
        assertProblem(admin.get("/users?limit=201"), 422);
        assertProblem(admin.get("/users?directory=nowhere"), 422);
        assertThat(admin.get("/users?q=carol").json().get("items")).isEmpty();
    }

    @Test
    void aNewPasswordReplacesTheOldOneAndEndsTheSessions() {
        String id = admin.post("/users", "{\"username\": \"dave\", \"password\": \"dave-password-1\"}")
                .json().get("id").asText();
        String refresh = server.login("dave", "dave-password-1", "").get("refresh_token").asText();
        String etag = admin.get("/users/" + id).header("ETag");
        assertProblem(admin.put("/users/" + id + "/password", "{\"password\": \"dave-password-2\"}",
                "If-Match", "\"stale\""), 412);
        assertThat(server.passwordGrant("dave", "dave-password-1").status()).isEqualTo(200);
        assertThat(admin.put("/users/" + id + "/password", "{\"password\": \"dave-password-2\"}",
                "If-Match", etag).status()).isEqualTo(204);
        assertThat(server.passwordGrant("dave", "dave-password-1").status()).isEqualTo(400);
        assertThat(server.passwordGrant("dave", "dave-password-2").status()).isEqualTo(200);
        assertThat(refreshStatus(refresh)).isEqualTo(400);
        assertProblem(admin.put("/users/" + id + "/password", "{\"password\": \"\"}"), 422);
        assertProblem(admin.put("/users/" + id + "/password", "{}"), 422);
        assertProblem(admin.put("/users/nobody/password", "{\"password\": \"x\"}"), 404);
    }

    @Test
    void sessionsAreListedAndRevokedOneByOneOrAll() {
        String id = admin.post("/users", "{\"username\": \"erin\", \"password\": \"erin-password\"}")
                .json().get("id").asText();
        String first = server.login("erin", "erin-password", "").get("refresh_token").asText();
        String second = server.login("erin", "erin-password", "").get("refresh_token").asText();
        JsonNode sessions = admin.get("/users/" + id + "/sessions").json().get("items");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("client_id").asText()).isEqualTo("app");
        assertThat(sessions.get(0).get("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(sessions.get(0).has("created_at") && sessions.get(0).has("last_used_at")).isTrue();
        assertThat(sessions.toString()).doesNotContain(first, second);

        String family = sessions.get(0).get("id").asText();
        assertThat(admin.delete("/users/" + id + "/sessions/" + family).status()).isEqualTo(204);
        assertProblem(admin.delete("/users/" + id + "/sessions/" + family), 404);
        assertThat(admin.get("/users/" + id + "/sessions").json().get("items")).hasSize(1);
        assertThat(List.of(refreshStatus(first), refreshStatus(second))).as("the revoked one ends")
                .containsExactlyInAnyOrder(200, 400);

        assertThat(admin.delete("/users/" + id + "/sessions").status()).isEqualTo(204);
        assertThat(admin.get("/users/" + id + "/sessions").json().get("items")).isEmpty();
    }

    @Test
    void pagesStayCorrectWhileUsersAreAdded() {
        for (String name : List.of("page-b", "page-d", "page-f", "page-h", "page-j")) {
            admin.post("/users", "{\"username\": \"" + name + "\", \"password\": \"pw-" + name + "\"}");
        }
        List<String> seen = new ArrayList<>();
        String next = AdminApi.BASE + "/users?q=page-&limit=2";
        int pages = 0;
        while (next != null) {
            TestServer.Response page = admin.get(next.substring(AdminApi.BASE.length()));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(user -> seen.add(user.get("username").asText()));
            next = page.json().has("next") ? page.json().get("next").asText() : null;
            if (next != null) {
                assertThat(page.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
            }
            if (pages++ == 0) {
                admin.post("/users", "{\"username\": \"page-a\", \"password\": \"pw-a\"}");
                admin.post("/users", "{\"username\": \"page-z\", \"password\": \"pw-z\"}");
            }
        }
        assertThat(seen).containsExactly("page-b", "page-d", "page-f", "page-h", "page-j", "page-z");
        assertProblem(admin.get("/users?cursor=***"), 422);
    }

    @Test
    void apisAreManagedAndTheBuiltInAdminApiIsFixed() {
        TestServer.Response created = admin.post("/apis",
                "{\"identifier\": \"https://orders.example.com/v1\", \"scopes\": [\"orders:read\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/admin/api/v1/apis/" + id);
        TestServer.Response patched = admin.patch("/apis/" + id, "{\"token_format\": \"opaque\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("token_format").asText()).isEqualTo("opaque");
        assertThat(created.json().get("token_typ").asText()).isEqualTo("at+jwt");
        TestServer.Response typed = admin.patch("/apis/" + id, "{\"token_typ\": \"JWT\"}");
        assertThat(typed.status()).as(typed.body()).isEqualTo(200);
        assertThat(admin.get("/apis/" + id).json().get("token_typ").asText()).isEqualTo("JWT");
        assertProblem(admin.patch("/apis/" + id, "{\"token_format\": \"paper\"}"), 422);
        assertProblem(admin.patch("/apis/" + id, "{\"token_typ\": \"jwt\"}"), 422);
        assertThat(admin.get("/apis/" + id).json().get("token_typ").asText()).as("a refused change changes nothing")
                .isEqualTo("JWT");
        assertProblem(admin.post("/apis", "{\"identifier\": \"https://orders.example.com/v1\"}"), 409);

        JsonNode builtIn = admin.get("/apis/tollgate-admin").json();
        assertThat(builtIn.get("built_in").asBoolean()).isTrue();
        assertThat(builtIn.get("scopes").toString()).isEqualTo("[\"tollgate:admin\",\"tollgate:admin:read\"]");
        assertProblem(admin.delete("/apis/tollgate-admin"), 409);
        assertProblem(admin.patch("/apis/tollgate-admin", "{\"scopes\": []}"), 409);

        assertThat(admin.delete("/apis/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/apis/" + id), 404);
    }

    @Test
    void keysAreListedAndRotated() {
        JsonNode keys = admin.get("/keys").json().get("items");
        assertThat(keys).isNotEmpty();
        assertThat(keys.get(0).has("kid") && keys.get(0).has("state")).isTrue();
        assertThat(keys.toString()).doesNotContain("\"d\"", "private");
        TestServer.Response rotated = admin.post("/keys/rotate", "{\"alg\": [\"ES256\"], \"activate_in\": 3600}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String kid = rotated.json().get("items").get(0).get("kid").asText();
        JsonNode after = admin.get("/keys").json().get("items");
        assertThat(after.toString()).contains(kid, "\"next\"");
        assertProblem(admin.post("/keys/rotate", "{\"alg\": [\"HS256\"]}"), 422);
        assertProblem(admin.post("/keys/rotate", "{\"activate_in\": -5}"), 422);
        assertProblem(admin.post("/keys/rotate", "{\"size\": 4096}"), 422);
    }

    @Test
    void lockoutsAreListedAndLifted() {
        admin.post("/users", "{\"username\": \"frank\", \"password\": \"frank-password\"}");
        for (int i = 0; i < 3; i++) {
            server.passwordGrant("frank", "wrong-" + i);
        }
        assertThat(server.passwordGrant("frank", "frank-password").status()).as("locked").isEqualTo(429);
        JsonNode locked = admin.get("/lockouts").json().get("items");
        assertThat(locked.toString()).contains("\"username\":\"frank\"");
        assertThat(admin.delete("/lockouts/frank").status()).isEqualTo(204);
        assertThat(admin.get("/lockouts").json().get("items").toString()).doesNotContain("frank");
        assertThat(server.passwordGrant("frank", "frank-password").status()).isEqualTo(200);
        assertProblem(admin.delete("/lockouts/nobody-at-all"), 404);
    }

    @Test
    void everyChangeIsAnAuditEventNamingTheAdminWithoutSecrets() {
        TestServer.Response created = admin.post("/clients", "{\"id\": \"audited\", \"grant_types\": [\"client_credentials\"]}");
        String secret = created.json().get("client_secret").asText();
        admin.patch("/clients/audited", "{\"scopes\": [\"read\"]}");
        admin.post("/clients/audited/secret", "{}");
        admin.delete("/clients/audited");

        JsonNode events = admin.get("/audit?type=admin_change&client_id=ops&limit=200").json().get("items");
        List<String> operations = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.get("details").path("resource_id").asText().equals("audited")) {
                operations.add(event.get("details").get("operation").asText());
                assertThat(event.get("client_id").asText()).isEqualTo("ops");
                assertThat(event.get("client_ip").asText()).isEqualTo("127.0.0.1");
                assertThat(event.get("details").get("actor_subject").asText()).isEqualTo("ops");
            }
        }
        assertThat(operations).containsExactly("delete", "rotate_secret", "update", "create");
        String all = events.toString();
        assertThat(all).doesNotContain(secret).contains("\"before\"", "\"after\"");
        assertThat(server.audit("admin_change")).isNotEmpty();

        JsonNode update = null;
        for (JsonNode event : events) {
            if (event.get("details").path("operation").asText().equals("update")
                    && event.get("details").path("resource_id").asText().equals("audited")) {
                update = event.get("details");
            }
        }
        assertThat(update.get("before").get("scopes")).isEmpty();
        assertThat(update.get("after").get("scopes").get(0).asText()).isEqualTo("read");

        server.login("alice", "alice-password", "");
        JsonNode logins = admin.get("/audit?type=token_issued&limit=1").json();
        assertThat(logins.get("items")).hasSize(1);
        assertThat(logins.has("next")).isTrue();
        assertProblem(admin.get("/audit?since=yesterday"), 422);
        assertProblem(admin.get("/audit?cursor=***"), 422);
        assertThat(admin.get("/audit?until=2000-01-01T00:00:00Z").json().get("items")).isEmpty();
    }

    @Test
    void directoriesAreListed() {
        JsonNode directories = admin.get("/directories").json().get("items");
        assertThat(directories.get(0).get("name").asText()).isEqualTo("database");
        assertThat(directories.get(0).get("default").asBoolean()).isTrue();
    }

    @Test
    void unknownResourcesAndMethodsAreProblemsToo() {
        assertProblem(admin.get("/nothing-here"), 404);
        TestServer.Response notAllowed = assertProblem(admin.send("PUT", "/clients", "application/json", "{}"), 405);
        assertThat(notAllowed.header("Allow")).isEqualTo("GET, POST");
        assertThat(admin.get("/clients").header("Cache-Control")).isEqualTo("no-store");
    }

    private static int token(String client, String secret) {
        return server.form("/oauth/token", "grant_type=client_credentials", "Authorization",
                TestServer.basic(client, secret)).status();
    }

    private static int refreshStatus(String refreshToken) {
        return server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + refreshToken,
                "Authorization", TestServer.basic("app", "app-secret")).status();
    }
}
