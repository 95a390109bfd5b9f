package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.AuditEvent;
import dev.tollgate.admin.AuditEvents;
import dev.tollgate.admin.AuditQuery;
import dev.tollgate.admin.Page;
import dev.tollgate.config.ConfigException;
import dev.tollgate.observe.AdminActor;
import dev.tollgate.observe.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit events stored in the database: the log file's events, searched by type, user, client
 * and time, newest first a page at a time, kept for {@code audit.retention_days}.
 */
class AuditEventsTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "write"))
            .client("tool", "scopes", Toml.list("read"))
            .user("alice", "scopes", Toml.list("read", "write"))
            .user("bob", "scopes", Toml.list("read"))
            .toString();

    @Test
    void tokenRequestsAreStoredWithTheLogLinesFields() {
        try (TestServer server = TestServer.start(CONFIG)) {
            Instant start = Instant.now().minusMillis(1);
            assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password&scope=read",
                    "Authorization", TestServer.basic("app", "app-secret")).status()).isEqualTo(200);
            assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=Wrong-Password-1",
                    "Authorization", TestServer.basic("app", "app-secret")).status()).isEqualTo(400);
            assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("app", "Wrong-Client-Secret")).status()).isEqualTo(401);
            Instant end = Instant.now().plusMillis(1);

            List<AuditEvent> events = audit(server).search(AuditQuery.ALL, null, 200).items();
            assertThat(events).extracting(AuditEvent::type)
                    .containsExactly("client_auth_failed", "login_failed", "token_issued");
            assertThat(events).extracting(AuditEvent::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(events).allSatisfy(event -> {
                assertThat(event.time()).isBetween(start, end);
                assertThat(event.clientId()).isEqualTo("app");
                assertThat(event.clientIp()).isEqualTo("127.0.0.1");
            });

            AuditEvent issued = events.get(2);
            assertThat(issued.outcome()).isEqualTo("success");
            assertThat(issued.username()).isEqualTo("alice");
            assertThat(issued.details()).isEqualTo(Map.of("grant_type", "password", "scope", "read"));

            AuditEvent failed = events.get(1);
            assertThat(failed.outcome()).isEqualTo("failure");
            assertThat(failed.username()).isEqualTo("alice");
            assertThat(failed.details()).isEqualTo(Map.of("reason", "wrong_password"));

            AuditEvent clientFailed = events.get(0);
            assertThat(clientFailed.outcome()).isEqualTo("failure");
            assertThat(clientFailed.username()).isNull();
            assertThat(clientFailed.details())
                    .isEqualTo(Map.of("method", "client_secret_basic", "reason", "wrong_secret"));

            // the same events as the file: the row's time is the line's, to the millisecond or so
            List<JsonNode> lines = server.audit();
            assertThat(lines).extracting(line -> line.get("event").asText())
                    .containsExactly("token_issued", "login_failed", "client_auth_failed");
            Instant lineTime = Instant.parse(lines.get(0).get("time").asText());
            assertThat(issued.time()).isBetween(lineTime.minusMillis(50), lineTime);
            assertThat(server.count("audit_events")).isEqualTo(3);
        }
    }

    @Test
    void eachFilterNarrowsTheEvents() throws InterruptedException {
        try (TestServer server = TestServer.start(CONFIG)) {
            server.login("alice", "alice-password", "");
            server.passwordGrant("bob", "Wrong-Password-1");
            Thread.sleep(5);
            Instant middle = Instant.now();
            Thread.sleep(5);
            server.form("/oauth/token", "grant_type=password&username=bob&password=bob-password",
                    "Authorization", TestServer.basic("tool", "tool-secret"));
            server.form("/oauth/token", "grant_type=client_credentials",
                    "Authorization", TestServer.basic("tool", "Wrong-Client-Secret"));
            AuditEvents audit = audit(server);

            assertThat(types(audit, new AuditQuery("token_issued", null, null, null, null)))
                    .containsExactly("token_issued:tool:bob", "token_issued:app:alice");
            assertThat(types(audit, new AuditQuery(null, "bob", null, null, null)))
                    .containsExactly("token_issued:tool:bob", "login_failed:app:bob");
            assertThat(types(audit, new AuditQuery(null, null, "tool", null, null)))
                    .containsExactly("client_auth_failed:tool:null", "token_issued:tool:bob");
            assertThat(types(audit, new AuditQuery(null, null, null, middle, null)))
                    .containsExactly("client_auth_failed:tool:null", "token_issued:tool:bob");
            assertThat(types(audit, new AuditQuery(null, null, null, null, middle)))
                    .containsExactly("login_failed:app:bob", "token_issued:app:alice");
            assertThat(types(audit, new AuditQuery("login_failed", "bob", "app", null, middle)))
                    .containsExactly("login_failed:app:bob");
            assertThat(types(audit, new AuditQuery("login_failed", "alice", null, null, null))).isEmpty();
            assertThat(types(audit, new AuditQuery("", " ", "", null, null))).as("blank filters match all").hasSize(4);

            // since is inclusive, until exclusive: one instant is in exactly one of the two
            AuditEvent first = audit.search(AuditQuery.ALL, null, 200).items().get(3);
            assertThat(types(audit, new AuditQuery(null, null, null, first.time(), first.time().plusMillis(1))))
                    .contains("token_issued:app:alice");
            assertThat(types(audit, new AuditQuery(null, null, null, null, first.time())))
                    .doesNotContain("token_issued:app:alice");
        }
    }

    @Test
    void pagesSeeEveryOlderEventOnceWhileNewOnesArrive() {
        try (TestServer server = TestServer.start(CONFIG)) {
            AuditLog log = server.services().audit();
            for (int i = 0; i < 7; i++) {
                log.loginFailed("app", "old-" + i, "127.0.0.1", "unknown_user");
            }
            AuditEvents audit = audit(server);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<AuditEvent> page = audit.search(new AuditQuery("login_failed", null, null, null, null), cursor, 2);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
                page.items().forEach(event -> seen.add(event.username()));
                cursor = page.next();
                pages++;
                // new events between the page fetches, of the same type
                log.loginFailed("app", "new-" + pages, "127.0.0.1", "unknown_user");
            } while (cursor != null);

            assertThat(seen).containsExactly("old-6", "old-5", "old-4", "old-3", "old-2", "old-1", "old-0");
            assertThat(pages).isEqualTo(4);
            assertThat(audit.search(AuditQuery.ALL, null, 200).items()).hasSize(7 + 4);
        }
    }

    @Test
    void lastPageHasNoNextAndAFullLastPageToo() {
        try (TestServer server = TestServer.start(CONFIG)) {
            AuditLog log = server.services().audit();
            for (int i = 0; i < 4; i++) {
                log.lockoutEnded("user-" + i, "expired");
            }
            Page<AuditEvent> first = audit(server).search(AuditQuery.ALL, null, 2);
            assertThat(first.next()).isNotNull();
            Page<AuditEvent> second = audit(server).search(AuditQuery.ALL, first.next(), 2);
            assertThat(second.items()).extracting(AuditEvent::username).containsExactly("user-1", "user-0");
            assertThat(second.next()).isNull();
            assertThat(audit(server).search(AuditQuery.ALL, null, 4).next()).isNull();
        }
    }

    @Test
    void invalidLimitCursorOrRangeIsRefusedNamingTheField() {
        try (TestServer server = TestServer.start(CONFIG)) {
            server.services().audit().lockoutEnded("alice", "unlocked");
            AuditEvents audit = audit(server);
            for (int limit : new int[] {0, -1, 201}) {
                assertThatThrownBy(() -> audit.search(AuditQuery.ALL, null, limit))
                        .isInstanceOfSatisfying(AdminException.Invalid.class,
                                e -> assertThat(e.field()).isEqualTo("limit"));
            }
            assertThat(audit.search(AuditQuery.ALL, null, 200).items()).hasSize(1);
            for (String cursor : new String[] {"", "abc", "0", "-5", "12.5", "99999999999999999999", "1 OR 1=1"}) {
                assertThatThrownBy(() -> audit.search(AuditQuery.ALL, cursor, 10))
                        .as("cursor '%s'", cursor)
                        .isInstanceOfSatisfying(AdminException.Invalid.class,
                                e -> assertThat(e.field()).isEqualTo("cursor"));
            }
            Instant now = Instant.now();
            assertThatThrownBy(() -> audit.search(new AuditQuery(null, null, null, now, now), null, 10))
                    .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.field()).isEqualTo("until"));
            assertThat(audit.search(new AuditQuery(null, null, null, Instant.MIN, Instant.MAX), null, 10).items())
                    .as("instants beyond what milliseconds hold").hasSize(1);
        }
    }

    @Test
    void adminChangeIsALineAndARowWithoutSecrets() throws IOException {
        try (TestServer server = TestServer.start(CONFIG)) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("id", "app");
            before.put("scopes", List.of("read"));
            before.put("client_secret", "Leaked-Secret-1");
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("id", "app");
            after.put("scopes", List.of("read", "write"));
            after.put("access_token_ttl", 600);
            after.put("keys", Map.of("Secret_Hash", "Leaked-Hash-2", "kid", "k1"));
            after.put("entries", List.of(Map.of("password", "Leaked-Password-3", "name", "n")));
            AdminActor actor = new AdminActor("admin-subject", "admin-client", "203.0.113.9");
            server.services().audit().adminChange(actor, "update", "client", "app", before, after);
            server.services().audit().adminChange(AdminActor.CLI, "delete", "user", "u-1", Map.of("username", "bob"),
                    null);

            List<JsonNode> lines = server.audit("admin_change");
            assertThat(lines).hasSize(2);
            JsonNode line = lines.get(0);
            assertThat(line.get("outcome").asText()).isEqualTo("success");
            assertThat(line.get("client_id").asText()).isEqualTo("admin-client");
            assertThat(line.get("username").asText()).isEqualTo("admin-subject");
            assertThat(line.get("client_ip").asText()).isEqualTo("203.0.113.9");
            assertThat(line.get("operation").asText()).isEqualTo("update");
            assertThat(line.get("resource_type").asText()).isEqualTo("client");
            assertThat(line.get("resource_id").asText()).isEqualTo("app");
            assertThat(line.get("actor_subject").asText()).isEqualTo("admin-subject");
            assertThat(line.get("actor_client_id").asText()).isEqualTo("admin-client");
            assertThat(line.get("before").isObject()).as("before is nested JSON, not a string").isTrue();
            assertThat(line.get("before").toString()).isEqualTo("{\"id\":\"app\",\"scopes\":[\"read\"]}");
            assertThat(line.get("after").toString()).isEqualTo("{\"id\":\"app\",\"scopes\":[\"read\",\"write\"],"
                    + "\"access_token_ttl\":600,\"keys\":{\"kid\":\"k1\"},\"entries\":[{\"name\":\"n\"}]}");
            JsonNode cli = lines.get(1);
            assertThat(cli.get("username").asText()).isEqualTo("cli");
            assertThat(cli.has("client_id")).isFalse();
            assertThat(cli.has("after")).as("no after for a delete: left out, as absent values are").isFalse();

            List<AuditEvent> rows = audit(server).search(new AuditQuery("admin_change", null, null, null, null), null, 10)
                    .items();
            assertThat(rows).hasSize(2);
            AuditEvent row = rows.get(1);
            assertThat(row.clientId()).isEqualTo("admin-client");
            assertThat(row.username()).isEqualTo("admin-subject");
            assertThat(row.clientIp()).isEqualTo("203.0.113.9");
            assertThat(row.details()).containsEntry("operation", "update").containsEntry("resource_type", "client")
                    .containsEntry("resource_id", "app").containsEntry("actor_subject", "admin-subject")
                    .containsEntry("actor_client_id", "admin-client")
                    .containsEntry("before", Map.of("id", "app", "scopes", List.of("read")));
            JsonNode storedAfter = TestServer.JSON.valueToTree(row.details().get("after"));
            assertThat(storedAfter).isEqualTo(line.get("after"));
            assertThat(rows.get(0).details()).containsEntry("after", null).containsEntry("actor_client_id", null);

            String file = Files.readString(server.dir.resolve("audit.log"), StandardCharsets.UTF_8);
            String table = server.services().stores().database().jdbi().withHandle(h ->
                    String.join("\n", h.createQuery("SELECT details FROM audit_events").mapTo(String.class).list()));
            for (String leaked : List.of("Leaked-Secret-1", "Leaked-Hash-2", "Leaked-Password-3")) {
                assertThat(file).doesNotContain(leaked);
                assertThat(table).doesNotContain(leaked);
            }
        }
    }

    @Test
    void retentionPurgeDeletesOnlyEventsOlderThanTheRetention() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(Toml.config().section("audit", "retention_days", 2).toString(),
                Map.of(), clock)) {
            AuditLog log = server.services().audit();
            log.lockoutEnded("old", "expired");
            // more old rows than one delete statement takes
            long old = clock.millis() - Duration.ofDays(3).toMillis();
            server.services().stores().database().jdbi().useHandle(h -> {
                var batch = h.prepareBatch("INSERT INTO audit_events (occurred_at, event, outcome, details) "
                        + "VALUES (:at, 'lockout_ended', 'unlocked', '{}')");
                for (int i = 0; i < 2500; i++) {
                    batch.bind("at", old - i).add();
                }
                batch.execute();
            });
            AuditEvents audit = audit(server);
            assertThat(audit.search(AuditQuery.ALL, null, 200).items()).hasSize(200);

            clock.advance(Duration.ofDays(1));
            assertThat(audit.purgeExpired(clock.instant())).isEqualTo(2500);
            assertThat(audit.search(AuditQuery.ALL, null, 200).items()).extracting(AuditEvent::username)
                    .containsExactly("old");

            clock.advance(Duration.ofDays(1).plusMinutes(1));
            log.lockoutEnded("recent", "expired");
            long recent = clock.millis() - Duration.ofHours(1).toMillis();
            server.services().stores().database().jdbi().useHandle(h -> h.createUpdate(
                    "INSERT INTO audit_events (occurred_at, event, outcome, username, details) "
                            + "VALUES (:at, 'lockout_ended', 'unlocked', 'an-hour-ago', '{}')").bind("at", recent)
                    .execute());
            // the events logged just now happened two days ago as the moved clock sees it
            log.flush();
            assertThat(audit.purgeExpired(clock.instant())).isEqualTo(2);
            assertThat(audit.search(AuditQuery.ALL, null, 200).items()).extracting(AuditEvent::username)
                    .containsExactly("an-hour-ago");
        }
    }

    @Test
    void queuedEventsAreStoredWhenTheServerStops(@TempDir Path dir) {
        TestServer server = TestServer.start(dir, CONFIG, Map.of());
        AuditLog log = server.services().audit();
        for (int i = 0; i < 50; i++) {
            log.tokenIssued("client_credentials", "app", null, "127.0.0.1", Set.of("read"));
        }
        server.stop();
        try (TestServer again = TestServer.start(dir, CONFIG, Map.of())) {
            assertThat(again.count("audit_events")).isEqualTo(50);
        }
    }

    @Test
    void retentionOfLessThanADayIsRefusedAtStart() {
        for (String value : List.of("0", "-3")) {
            assertThatThrownBy(() -> TestServer.start("[audit]\nretention_days = " + value + "\n"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("config key 'audit.retention_days' must be at least 1");
        }
        assertThatThrownBy(() -> TestServer.start("[audit]\nretention_days = \"a month\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit.retention_days");
    }

    private static AuditEvents audit(TestServer server) {
        return server.services().admin().audit();
    }

    /** Newest first: "type:client:username" of each event the query finds. */
    private static List<String> types(AuditEvents audit, AuditQuery query) {
        return audit.search(query, null, 200).items().stream()
                .map(event -> event.type() + ":" + event.clientId() + ":" + event.username())
                .toList();
    }
}
