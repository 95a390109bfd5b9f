package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.PasswordHasher;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Who is tried, with which password, and what the assertion calls them. */
    record Case(String username, String password, String what) {}

    static final List<Case> CASES = List.of(
            new Case("bea", "wrong", "bcrypt"),
            new Case("carl", "wrong", "Argon2id at a lower cost"),
            new Case("dora", "wrong", "malformed hash"),
            new Case("pete", "wrong", "Django PBKDF2"),
            new Case("sara", "wrong", "scrypt"),
            new Case("ida", "wrong", "Argon2i"),
            new Case("weak", "wrong", "salted MD5"),
            new Case("dan", "dan-password", "disabled user, right password"));

    static long rejection(String username, String password) {
        long started = System.nanoTime();
        TestServer.Response response = server.passwordGrant(username, password);
        long took = System.nanoTime() - started;
        assertThat(response.status()).isEqualTo(400);
        return took;
    }

    /**
     * The shortest of five rejected logins of each, in nanoseconds: the least disturbed by the
     * machine. The rounds interleave an unknown user with every case, so a busy spell of the
     * machine slows them alike rather than only the unknown user's turn.
     */
    @Test
    void cheapOrMalformedHashesTakeAsLongAsAnUnknownUser() {
        rejection("nobody", "wrong"); // warm up
        long unknown = Long.MAX_VALUE;
        Map<Case, Long> fastest = new LinkedHashMap<>();
        for (int round = 0; round < 5; round++) {
            for (Case tried : CASES) {
                unknown = Math.min(unknown, rejection("nobody", "wrong"));
                fastest.merge(tried, rejection(tried.username(), tried.password()), Math::min);
            }
        }
        long baseline = unknown;
        SoftAssertions.assertSoftly(soft -> fastest.forEach((tried, took) ->
                soft.assertThat(took).as(tried.what()).isGreaterThan(baseline * 6 / 10)));
    }
}
