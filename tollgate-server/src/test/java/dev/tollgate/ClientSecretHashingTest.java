package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Clients;
import dev.tollgate.identity.HashPool;
import dev.tollgate.store.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What a wrong client secret costs. A generated secret is checked with one SHA-256, so a flood of
 * wrong ones hashes no password; a secret chosen by hand is checked with Argon2id, in the login
 * queue's turn, where an address with recent failures waits behind real logins.
 */
class ClientSecretHashingTest {
    static final String ATTACKER = "203.0.113.66";
    static final String REAL_USER = "198.51.100.10";

    static TestServer.Response introspect(TestServer server, String clientId, String secret, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", TestServer.basic(clientId, secret)));
        all.addAll(List.of(headers));
        return server.form("/oauth/introspect", "token=not-a-token", all.toArray(String[]::new));
    }

    static ClientSpec generated(String id) {
        return new ClientSpec(id, null, true, List.of("client_credentials"), List.of("read"), null, null, null, null,
                null);
    }

    @Test
    void floodOfWrongGeneratedSecretsRunsNoPasswordHashAndLoginsKeepWorking() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("brute_force.ip_requests_per_minute", "0"))) {
            Clients.Registered registered = server.services().admin().clients().register(generated("service"));
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            HashPool hashing = server.services().hashing().pool();
            long hashesBefore = hashing.runs();

            ExecutorService flood = Executors.newFixedThreadPool(8);
            List<Future<TestServer.Response>> wrong = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String guess = Clients.generateSecret();
                wrong.add(flood.submit(() -> introspect(server, "service", guess)));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(server.passwordGrant("alice", "alice-password").status()).as("a real login").isEqualTo(200);
            }
            for (Future<TestServer.Response> response : wrong) {
                assertThat(response.get().status()).isEqualTo(401);
                assertThat(response.get().error()).isEqualTo("invalid_client");
            }
            flood.shutdown();
            TestServer.Response right = introspect(server, "service", registered.secret());
            assertThat(right.status()).as(right.body()).isEqualTo(200);
            assertThat(right.json().get("active").asBoolean()).isFalse();

            // the five real logins hashed one password each; the 201 secret checks hashed nothing
            assertThat(hashing.runs() - hashesBefore).isEqualTo(5);
        }
    }

    @Test
    void wrongHandSetSecretsWaitInTheLoginQueueBehindRealLogins() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, LoginQueueTest.ONE_SLOW_SLOT)) {
            assertThat(LoginQueueTest.login(server, REAL_USER, "alice", "alice-password").status()).isEqualTo(200);
            for (int i = 0; i < LoginQueueTest.STUFFING; i++) {
                assertThat(introspect(server, "app", "guess" + i, "X-Forwarded-For", ATTACKER).status())
                        .isEqualTo(401);
            }
            HashPool hashing = server.services().hashing().pool();
            long hashesBefore = hashing.runs();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<String> finished = new CopyOnWriteArrayList<>();
            Future<TestServer.Response> running = pool.submit(() -> {
                TestServer.Response r = introspect(server, "app", "guess-running", "X-Forwarded-For", ATTACKER);
                finished.add("suspect-running");
                return r;
            });
            LoginQueueTest.waitUntil(() -> hashing.runs() > hashesBefore);
            Future<TestServer.Response> waiting = pool.submit(() -> {
                TestServer.Response r = introspect(server, "app", "guess-waiting", "X-Forwarded-For", ATTACKER);
                finished.add("suspect-waiting");
                return r;
            });
            LoginQueueTest.waitUntil(() -> server.services().hashing().queue().waiting() == 1);

            TestServer.Response turnedAway = introspect(server, "app", "guess-turned-away", "X-Forwarded-For", ATTACKER);
            assertThat(turnedAway.status()).as("a stuffer's third check does not wait").isEqualTo(503);
            assertThat(turnedAway.error()).isEqualTo("temporarily_unavailable");

            Future<TestServer.Response> realUser = pool.submit(() -> {
                TestServer.Response r = LoginQueueTest.login(server, REAL_USER, "alice", "alice-password");
                finished.add("real-user");
                return r;
            });
            assertThat(realUser.get().status()).isEqualTo(200);
            assertThat(running.get().status()).isEqualTo(401);
            assertThat(waiting.get().status()).isEqualTo(401);
            pool.shutdown();
            assertThat(finished).containsExactly("suspect-running", "real-user", "suspect-waiting");
        }
    }

    @Test
    void rotationFromAHandSetSecretKeepsBothWorkingForTheGracePeriodAndOldHashesStillVerify() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, Map.of(), clock)) {
            Clients clients = server.services().admin().clients();
            HashPool hashing = server.services().hashing().pool();
            String rotated = clients.rotateSecret("app", 60).secret();

            long hashesBefore = hashing.runs();
            assertThat(introspect(server, "app", rotated).status()).isEqualTo(200);
            assertThat(hashing.runs()).as("a generated secret is checked without Argon2id").isEqualTo(hashesBefore);
            assertThat(introspect(server, "app", "app-secret").status()).as("the hand-set one, in its grace period")
                    .isEqualTo(200);

            String latest = clients.rotateSecret("app", 60).secret();
            assertThat(introspect(server, "app", rotated).status()).as("the generated one, in its grace period")
                    .isEqualTo(200);
            assertThat(introspect(server, "app", latest).status()).isEqualTo(200);
            assertThat(introspect(server, "app", "app-secret").status()).as("two rotations ago").isEqualTo(401);
            clock.advance(Duration.ofSeconds(61));
            assertThat(introspect(server, "app", rotated).status()).as("after its grace period").isEqualTo(401);
            assertThat(introspect(server, "app", latest).status()).isEqualTo(200);

            // a generated secret registered while they were still stored as Argon2id hashes
            String old = Clients.generateSecret();
            Client registered = clients.register(generated("older")).client();
            server.services().stores().clients()
                    .save(registered.withSecret(server.services().hashing().hasher().hash(old), null, null));
            assertThat(introspect(server, "older", old).status()).isEqualTo(200);
            assertThat(introspect(server, "older", Clients.generateSecret()).status()).isEqualTo(401);
        }
    }
}
