package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/**
 * The configuration file's password is applied to a user when the user is new or the file's
 * value changed, not at every start: a restart keeps a rehash done at login and a password set since.
 */
class FilePasswordTest {
    static final String BCRYPT = OpenBSDBCrypt.generate("bea-password".toCharArray(), new byte[16], 4);
    static final String OTHER_BCRYPT = OpenBSDBCrypt.generate("bea-second".toCharArray(), new byte[16], 4);

    static String config(String beaHash) {
        return Toml.config().client("app").userWithHash("bea", beaHash).user("alice").toString();
    }

    static String storedHash(TestServer server, String username) {
        return server.services().stores().users().findByUsername(username).orElseThrow().passwordHash();
    }

    @Test
    void restartKeepsTheHashUpgradedAtLogin() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-file-password");
        TestServer first = TestServer.start(dir, config(BCRYPT), Map.of());
        try {
            assertThat(first.passwordGrant("bea", "bea-password").status()).isEqualTo(200);
            assertThat(storedHash(first, "bea")).startsWith("$argon2id$");
        } finally {
            first.stop();
        }
        try (TestServer second = TestServer.start(dir, config(BCRYPT), Map.of())) {
            assertThat(storedHash(second, "bea")).startsWith("$argon2id$");
            assertThat(second.passwordGrant("bea", "bea-password").status()).isEqualTo(200);
        }
    }

    @Test
    void restartKeepsAPasswordSetSince() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-file-password");
        TestServer first = TestServer.start(dir, config(BCRYPT), Map.of());
        try {
            first.users().setPassword("alice", "alice-changed");
            first.users().setPassword("bea", "bea-changed");
        } finally {
            first.stop();
        }
        try (TestServer second = TestServer.start(dir, config(BCRYPT), Map.of())) {
            assertThat(second.passwordGrant("alice", "alice-changed").status()).isEqualTo(200);
            assertThat(second.passwordGrant("alice", "alice-password").status()).isEqualTo(400);
            assertThat(second.passwordGrant("bea", "bea-changed").status()).isEqualTo(200);
            assertThat(second.passwordGrant("bea", "bea-password").status()).isEqualTo(400);
        }
    }

    @Test
    void restartAppliesAChangedPasswordInTheFile() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-file-password");
        TestServer first = TestServer.start(dir, config(BCRYPT), Map.of());
        try {
            first.users().setPassword("alice", "alice-changed");
        } finally {
            first.stop();
        }
        String changed = Toml.config().client("app").userWithHash("bea", OTHER_BCRYPT) + """

                [[users]]
                username = "alice"
                password = "alice-from-file"
                """;
        try (TestServer second = TestServer.start(dir, changed, Map.of())) {
            assertThat(second.passwordGrant("bea", "bea-second").status()).isEqualTo(200);
            assertThat(second.passwordGrant("bea", "bea-password").status()).isEqualTo(400);
            assertThat(second.passwordGrant("alice", "alice-from-file").status()).isEqualTo(200);
            assertThat(second.passwordGrant("alice", "alice-changed").status()).isEqualTo(400);
        }
    }
}
