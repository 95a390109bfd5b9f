package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A directory that goes away: logins get 503 temporarily_unavailable with Retry-After (never
 * invalid_grant, never a failed attempt against the user), readiness is unaffected, the metrics
 * show it, and logins work again as soon as it returns. Failover to the next URL, and a server
 * that accepts connections but never answers, which must not hold a login past timeout_ms.
 */
class DirectoryOutageTest {
    static TestLdap ldap;
    static TestLdap backup;
    static ServerSocket silent;
    static final List<Socket> accepted = new CopyOnWriteArrayList<>();
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        ldap = TestLdap.openLdap();
        ldap.user("alice");
        backup = TestLdap.openLdap();
        backup.user("alice");
        // accepts connections and never says a word
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        int deadPort = TestLdap.freePort();
        server = TestServer.start(Toml.config()
                .client("app", "directories", Toml.list("corp"))
                .client("failover", "directories", Toml.list("pair"))
                .client("hung", "directories", Toml.list("silent"))
                .client("slow", "directories", Toml.list("slow"))
                .client("narrow", "directories", Toml.list("narrow"))
                .client("dbapp")
                .user("dora")
                // one hashing thread: a login waiting for a directory must not hold it
                .section("passwords", "hash_threads", 1)
                .section("brute_force", "max_failures", 2)
                .directory("corp", ldap.settings("timeout_ms", 1000))
                .directory("pair", backup.settings("urls", Toml.list("ldap://127.0.0.1:" + deadPort, backup.url())))
                .directory("silent", ldap.settings("urls", Toml.list("ldap://127.0.0.1:" + silent.getLocalPort()),
                        "timeout_ms", 400))
                .directory("slow", ldap.settings("urls", Toml.list("ldap://127.0.0.1:" + silent.getLocalPort()),
                        "timeout_ms", 2000))
                .directory("narrow", ldap.settings("urls", Toml.list("ldap://127.0.0.1:" + silent.getLocalPort()),
                        "timeout_ms", 400, "pool_size", 1))
                .toString());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        ldap.close();
        backup.close();
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    static TestServer.Response login(String client, String password) {
        return server.form("/oauth/token", "grant_type=password&username=alice&password=" + password,
                "Authorization", TestServer.basic(client, client + "-secret"));
    }

    @Test
    void aStoppedDirectoryGives503UntilItReturns() {
        assertThat(login("app", "alice-password").status()).isEqualTo(200);
        ldap.stop();
        try {
            for (String password : List.of("alice-password", "wrong", "wrong", "wrong")) {
                TestServer.Response response = login("app", password);
                assertThat(response.status()).as(response.body()).isEqualTo(503);
                assertThat(response.error()).isEqualTo("temporarily_unavailable");
                assertThat(response.header("Retry-After")).isEqualTo("5");
            }
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
            assertThat(server.metrics().body()).contains("tollgate_directory_up{directory=\"corp\"} 0.0");
        } finally {
            ldap.restart();
        }
        // the outage counted as no failed login: three "wrong" answers above would have locked alice
        TestServer.Response back = login("app", "alice-password");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(server.metrics().body()).contains("tollgate_directory_up{directory=\"corp\"} 1.0");
    }

    @Test
    void theNextServerInUrlsServesWhenTheFirstIsDown() {
        for (int i = 0; i < 3; i++) {
            TestServer.Response response = login("failover", "alice-password");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        assertThat(login("failover", "wrong").error()).isEqualTo("invalid_grant");
    }

    @Test
    void loginsWaitingForADirectoryDoNotHoldTheHashingThreads() throws Exception {
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> login("slow", "alice-password"));
        Thread.sleep(200);
        long started = System.nanoTime();
        TestServer.Response database = server.form("/oauth/token", "grant_type=password&username=dora"
                + "&password=dora-password", "Authorization", TestServer.basic("dbapp", "dbapp-secret"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(database.status()).as(database.body()).isEqualTo(200);
        assertThat(waiting.isDone()).as("the directory login still waits for its answer").isFalse();
        assertThat(millis).isLessThan(1000);
        assertThat(waiting.get().status()).isEqualTo(503);
    }

    @Test
    void aDirectoryThatNeverAnswersIsGivenUpAfterTimeoutMs() {
        long started = System.nanoTime();
        TestServer.Response response = login("hung", "alice-password");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.error()).isEqualTo("temporarily_unavailable");
        assertThat(millis).isLessThan(400 + 300);
    }

    @Test
    void loginsQueuedForABusyDirectoryAreGivenUpWithinTimeoutMsToo() throws Exception {
        // one connection and four logins at once: those that wait their turn share the same deadline
        List<java.util.concurrent.CompletableFuture<Long>> logins = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                TestServer.Response response = login("narrow", "alice-password");
                assertThat(response.status()).as(response.body()).isEqualTo(503);
                assertThat(response.error()).isEqualTo("temporarily_unavailable");
                return (System.nanoTime() - started) / 1_000_000;
            }));
        }
        for (var login : logins) {
            assertThat(login.get()).isLessThan(400 + 300);
        }
    }
}
