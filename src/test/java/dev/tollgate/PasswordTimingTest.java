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
 * a malformed hash, and what imports bring: PBKDF2, scrypt, Argon2i, a salted digest) or who is
 * disabled takes as long to reject as an unknown user: timing does not tell them apart.
 */
class PasswordTimingTest {
    static final String BCRYPT = OpenBSDBCrypt.generate("bea-password".toCharArray(), new byte[16], 4);
    static final String CHEAP_ARGON2 = new PasswordHasher(8, 1, 1, false).hash("carl-password");
    // from src/test/resources/hash-vectors: cheap parameters, each far faster than the server's cost
    static final String PBKDF2 = "pbkdf2_sha1$1900$pepper01$K0saeNnn4ASHkOnu4dVwgCSd6kQ=";
    static final String SCRYPT = "$scrypt$ln=12,r=8,p=1$c2NyeXB0LXNhbHQtMDAwMQ$dxBCXjOXzsEkzZ9zVZVe4kHEOXFmgoBpSxlCqlaAWHA";
    static final String ARGON2I = "$argon2i$v=19$m=64,t=3,p=2$dG9sbGdhdGUtc2FsdC0wMQ$2v0CHBabrppInhd/4LRN5MB4FC1RTNX8IutA1RX5gNU";
    static final String SALTED_MD5 = "$salted-md5$prefix$c2FsdC1j$4zZV49oys7vWr+Yfwl6U/w";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Toml.config()
                .client("app")
                .userWithHash("bea", BCRYPT)
                .userWithHash("carl", CHEAP_ARGON2)
                .user("dora")
                .userWithHash("pete", PBKDF2)
                .userWithHash("sara", SCRYPT)
                .userWithHash("ida", ARGON2I)
                .user("weak")
                .user("dan")
                .section("brute_force", "max_failures", 1000)
                .toString(), Map.of("passwords.memory_kib", "8192", "passwords.iterations", "16"));
        var users = server.services().stores().users();
        var dora = users.findByUsername("dora").orElseThrow();
        users.replacePasswordHash(dora.id(), dora.passwordHash(), "$argon2id$v=19$m=8,t=1,p=1$broken");
        // a weak digest only an import with --allow-weak-hashes brings, and a disabled user
        var weak = users.findByUsername("weak").orElseThrow();
        users.replacePasswordHash(weak.id(), weak.passwordHash(), SALTED_MD5);
        var dan = users.findByUsername("dan").orElseThrow();
        users.importBatch(java.util.List.of(), java.util.List.of(new dev.tollgate.store.UserStore.Imported(
                new dev.tollgate.store.User(dan.id(), dan.username(), dan.passwordHash(), dan.scopes(), dan.profile(),
                        dan.updatedAt(), true), null)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The shortest of a few rejected logins, in nanoseconds: the least disturbed by the machine. */
    static long fastestRejection(String username) {
        return fastestRejection(username, "wrong");
    }

    static long fastestRejection(String username, String password) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long started = System.nanoTime();
            TestServer.Response response = server.passwordGrant(username, password);
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
            soft.assertThat(fastestRejection("pete")).as("Django PBKDF2").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("sara")).as("scrypt").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("ida")).as("Argon2i").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("weak")).as("salted MD5").isGreaterThan(unknown * 6 / 10);
            soft.assertThat(fastestRejection("dan", "dan-password")).as("disabled user, right password").isGreaterThan(unknown * 6 / 10);
        });
    }
}
