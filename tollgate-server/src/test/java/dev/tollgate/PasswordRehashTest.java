package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.PasswordHasher;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Imported bcrypt hashes and Argon2id hashes of another cost work, and are replaced on the next login. */
class PasswordRehashTest {
    static final String BCRYPT = OpenBSDBCrypt.generate("2y", "bcrypt-password".toCharArray(), new byte[16], 4);
    // Not the server's cost (m=64,t=1).
    static final String OLD_ARGON2 = new PasswordHasher(128, 2, 1).hash("old-password");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                [[clients]]
                id = "app"
                secret = "app-secret"
                scopes = ["read"]

                [[users]]
                username = "imported"
                password_hash = "%s"
                scopes = ["read"]

                [[users]]
                username = "old"
                password_hash = "%s"
                scopes = ["read"]
                """.formatted(BCRYPT, OLD_ARGON2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    int login(String username, String password) {
        return server.passwordGrant(username, password).status();
    }

    String storedHash(String username) {
        return server.services().stores().users().findByUsername(username).orElseThrow().passwordHash();
    }

    @Test
    void bcryptHashIsVerifiedThenReplacedByArgon2id() {
        assertThat(storedHash("imported")).startsWith("$2y$");
        assertThat(login("imported", "wrong")).isEqualTo(400);
        assertThat(storedHash("imported")).as("a failed login changes nothing").startsWith("$2y$");
        assertThat(login("imported", "bcrypt-password")).isEqualTo(200);
        assertThat(storedHash("imported")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(login("imported", "bcrypt-password")).isEqualTo(200);
    }

    @Test
    void argon2idHashOfAnotherCostIsUpgraded() {
        assertThat(storedHash("old")).isEqualTo(OLD_ARGON2);
        assertThat(login("old", "old-password")).isEqualTo(200);
        assertThat(storedHash("old")).startsWith("$argon2id$v=19$m=64,t=1,p=1$").isNotEqualTo(OLD_ARGON2);
        assertThat(login("old", "old-password")).isEqualTo(200);
    }

    @Test
    void unsupportedHashInConfigIsRejectedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start("""
                [[users]]
                username = "x"
                password_hash = "md5:abc"
                """, Map.of()))
                .hasMessageContaining("password_hash");
    }
}
