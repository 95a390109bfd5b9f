package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A password set while a login upgrades the old hash is the one that stays. */
class RehashRaceTest {
    static final String BCRYPT = OpenBSDBCrypt.generate("bea-password".toCharArray(), new byte[16], 4);
    static TestServer server;

    @BeforeAll
    static void start() {
        // a costly hash, so the login's upgrade is still computing when the new password is stored
        server = TestServer.start(Toml.config().client("app").userWithHash("bea", BCRYPT).toString(),
                Map.of("passwords.memory_kib", "16384", "passwords.iterations", "24"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void passwordSetDuringTheUpgradeAtLoginIsKept() throws Exception {
        server.passwordGrant("nobody", "wrong"); // the client's secret is checked once, then remembered
        long started = System.nanoTime();
        server.services().hashing().hasher().hash("warm-up");
        long hashMillis = (System.nanoTime() - started) / 1_000_000;

        CompletableFuture<TestServer.Response> login =
                CompletableFuture.supplyAsync(() -> server.passwordGrant("bea", "bea-password"));
        // the login has read the old hash by now and spends two hashes' time before it writes the upgrade
        Thread.sleep(Math.max(10, hashMillis / 5));
        server.users().setPassword("bea", "bea-new-password");

        assertThat(login.get().status()).as(login.get().body()).isEqualTo(200);
        TestServer.Response withNewPassword = server.passwordGrant("bea", "bea-new-password");
        assertThat(withNewPassword.status()).as(withNewPassword.body()).isEqualTo(200);
        assertThat(server.passwordGrant("bea", "bea-password").status()).isEqualTo(400);
    }
}
