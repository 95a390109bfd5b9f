package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.PasswordHasher;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user whose stored hash is cheaper than the configured cost (bcrypt, Argon2id at a lower cost,
 * a malformed hash) takes as long to reject as an unknown user: timing does not tell them apart.
 */
class PasswordTimingTest {
    static final String BCRYPT = OpenBSDBCrypt.generate("bea-password".toCharArray(), new byte[16], 4);
    static final String CHEAP_ARGON2 = new PasswordHasher(8, 1, 1, false).hash("carl-password");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Toml.config()
                .client("app")
                .userWithHash("bea", BCRYPT)
                .userWithHash("carl", CHEAP_ARGON2)
                .user("dora")
                .section("brute_force", "max_failures", 1000)
                .toString(), Map.of("passwords.memory_kib", "8192", "passwords.iterations", "16"));
        var users = server.services().stores().users();
        var dora = users.findByUsername("dora").orElseThrow();
        users.replacePasswordHash(dora.id(), dora.passwordHash(), "$argon2id$v=19$m=8,t=1,p=1$broken");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The shortest of a few rejected logins, in nanoseconds: the least disturbed by the machine. */
    static long fastestRejection(String username) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long started = System.nanoTime();
            TestServer.Response response = server.passwordGrant(username, "wrong");
            long took = System.nanoTime() - started;
            assertThat(response.status()).isEqualTo(400);
            fastest = Math.min(fastest, took);
        }
        return fastest;
    }

    @Test
    void cheapOrMalformedHashesTakeAsLongAsAnUnknownUser() {
        fastestRejection("nobody"); // warm up
        long unknown = fastestRejection("nobody");
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(fastestRejection("bea")).as("bcrypt").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("carl")).as("Argon2id at a lower cost").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("dora")).as("malformed hash").isGreaterThan(unknown * 6 / 10);
        });
    }
}
