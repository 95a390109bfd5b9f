package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart keeps the signing key and user ids, and applies changed [[clients]] and [[users]]. */
class RestartTest {
    static final String BEFORE = """
            [[clients]]
            id = "app"
            secret = "first-secret"
            scopes = ["read"]

            [[users]]
            username = "alice"
            password = "first-password"
            scopes = ["read"]
            """;
    static final String AFTER = """
            [[clients]]
            id = "app"
            secret = "second-secret"
            scopes = ["read", "write"]

            [[users]]
            username = "alice"
            password = "second-password"
            scopes = ["read", "write"]
            """;

    @Test
    void restartKeepsKeyAndSubjectAndAppliesConfigChanges() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-restart");
        String kid;
        String subject;
        TestServer first = TestServer.start(dir, BEFORE, Map.of());
        try {
            TestServer.Response response = first.form("/oauth/token",
                    "grant_type=password&username=alice&password=first-password",
                    "Authorization", TestServer.basic("app", "first-secret"));
            assertThat(response.status()).isEqualTo(200);
            SignedJWT jwt = SignedJWT.parse(response.json().get("access_token").asText());
            kid = jwt.getHeader().getKeyID();
            subject = jwt.getJWTClaimsSet().getSubject();
        } finally {
            first.stop();
        }
        try (TestServer second = TestServer.start(dir, AFTER, Map.of())) {
            assertThat(second.form("/oauth/token", "grant_type=password&username=alice&password=first-password",
                    "Authorization", TestServer.basic("app", "second-secret")).error()).isEqualTo("invalid_grant");
            assertThat(second.form("/oauth/token", "grant_type=password&username=alice&password=second-password",
                    "Authorization", TestServer.basic("app", "first-secret")).error()).isEqualTo("invalid_client");
            TestServer.Response response = second.form("/oauth/token",
                    "grant_type=password&username=alice&password=second-password",
                    "Authorization", TestServer.basic("app", "second-secret"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("scope").asText()).isEqualTo("read write");
            SignedJWT jwt = SignedJWT.parse(response.json().get("access_token").asText());
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(kid);
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(subject);
        }
    }

    /** updated_at is an OpenID Connect claim: the time the user's information last changed. */
    @Test
    void unchangedUserKeepsItsUpdatedAtOnRestart() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-restart");
        MovableClock clock = new MovableClock();
        TestServer first = TestServer.start(dir, BEFORE, Map.of(), clock);
        long created = first.services().stores().users().findByUsername("alice").orElseThrow().updatedAt();
        first.stop();
        clock.advance(Duration.ofHours(1));
        TestServer second = TestServer.start(dir, BEFORE, Map.of(), clock);
        assertThat(second.services().stores().users().findByUsername("alice").orElseThrow().updatedAt()).isEqualTo(created);
        second.stop();
        clock.advance(Duration.ofHours(1));
        try (TestServer third = TestServer.start(dir, BEFORE + "name = \"Alice Example\"\n", Map.of(), clock)) {
            assertThat(third.services().stores().users().findByUsername("alice").orElseThrow().updatedAt())
                    .as("the clock is real time plus the advances").isBetween(created + 7200, created + 7260);
        }
    }

    @Test
    void unchangedSecretsAreNotRehashedOnRestart() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-restart");
        TestServer first = TestServer.start(dir, BEFORE, Map.of());
        String clientHash = first.services().stores().clients().find("app").orElseThrow().secretHash();
        String userHash = first.services().stores().users().findByUsername("alice").orElseThrow().passwordHash();
        first.stop();
        try (TestServer second = TestServer.start(dir, BEFORE, Map.of())) {
            assertThat(second.services().stores().clients().find("app").orElseThrow().secretHash()).isEqualTo(clientHash);
            assertThat(second.services().stores().users().findByUsername("alice").orElseThrow().passwordHash()).isEqualTo(userHash);
        }
    }
}
