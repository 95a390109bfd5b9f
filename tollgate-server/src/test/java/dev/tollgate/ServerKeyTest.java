package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server key that seals client_secret_jwt secrets: a generated private key file, or a configured key. */
class ServerKeyTest {
    static final String SECRET = "a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes";
    static final String CONFIG = """
            [[clients]]
            id = "hmac"
            secret = "%s"
            auth_methods = ["client_secret_jwt"]
            grant_types = ["client_credentials"]
            """.formatted(SECRET);

    static int authenticate(TestServer server) {
        String assertion = ClientAssertions.of("hmac", server.url("/oauth/token")).mac(SECRET, JWSAlgorithm.HS256);
        return server.form("/oauth/token", "grant_type=client_credentials&" + ClientAssertions.params(assertion)).status();
    }

    @Test
    void keyFileIsGeneratedPrivateAndReusedAfterRestart() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-key");
        Path keyFile = dir.resolve("encryption.key");
        TestServer first = TestServer.start(dir, CONFIG, Map.of());
        try {
            assertThat(authenticate(first)).isEqualTo(200);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        } finally {
            first.stop();
        }
        String key = Files.readString(keyFile);
        try (TestServer second = TestServer.start(dir, CONFIG, Map.of())) {
            assertThat(authenticate(second)).isEqualTo(200);
            assertThat(Files.readString(keyFile)).isEqualTo(key);
        }
    }

    @Test
    void configuredKeyIsUsedInsteadOfAFile() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-key");
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        try (TestServer server = TestServer.start(dir, CONFIG, Map.of("keys.encryption_key", key))) {
            assertThat(authenticate(server)).isEqualTo(200);
            assertThat(dir.resolve("encryption.key")).doesNotExist();
        }
    }

    @Test
    void configuredKeyOfTheWrongSizeStopsStartup() {
        assertThatThrownBy(() -> TestServer.start(CONFIG, Map.of("keys.encryption_key",
                Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("keys.encryption_key").hasMessageContaining("32 bytes");
    }
}
