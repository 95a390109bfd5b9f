package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.identity.PasswordHasher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every imported hash format verifies at login through the password grant, against test vectors
 * computed by independent implementations (src/test/resources/hash-vectors/compute.py), and is
 * replaced by the configured Argon2id at the first successful login.
 */
class HashFormatsTest {
    record Vector(String format, String password, String hash) {}

    static final List<Vector> VECTORS = vectors();
    static TestServer server;

    static List<Vector> vectors() {
        try (InputStream in = HashFormatsTest.class.getResourceAsStream("/hash-vectors/vectors.jsonl")) {
            List<Vector> vectors = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode node = TestServer.JSON.readTree(line);
                vectors.add(new Vector(node.get("format").asText(), node.get("password").asText(), node.get("hash").asText()));
            }
            return vectors;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeAll
    static void start() {
        Toml toml = Toml.config().client("app", "scopes", Toml.list("read"));
        for (int i = 0; i < VECTORS.size(); i++) {
            toml.userWithHash("user" + i, VECTORS.get(i).hash());
        }
        server = TestServer.start(toml.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    String storedHash(String username) {
        return server.services().stores().users().findByUsername(username).orElseThrow().passwordHash();
    }

    TestServer.Response login(String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password="
                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8), "Authorization",
                TestServer.basic("app", "app-secret"));
    }

    @Test
    void eachFormatVerifiesItsVectorThenIsRehashedToArgon2id() {
        for (int i = 0; i < VECTORS.size(); i++) {
            Vector vector = VECTORS.get(i);
            String user = "user" + i;
            assertThat(login(user, vector.password() + "x").status()).as(vector.format() + " wrong password").isEqualTo(400);
            assertThat(storedHash(user)).as(vector.format() + " unchanged by a failure").isEqualTo(vector.hash());
            TestServer.Response ok = login(user, vector.password());
            assertThat(ok.status()).as(vector.format() + ": " + ok.body()).isEqualTo(200);
            assertThat(storedHash(user)).as(vector.format() + " rehashed").startsWith("$argon2id$v=19$m=64,t=1,p=1$");
            assertThat(login(user, vector.password()).status()).as(vector.format() + " after rehash").isEqualTo(200);
        }
    }

    @Test
    void malformedOrTooCostlyHashesAreRefused() {
        PasswordHasher hasher = server.services().hashing().hasher();
        for (Vector vector : VECTORS) {
            assertThat(hasher.isSupported(vector.hash())).as(vector.format()).isTrue();
            assertThat(hasher.isWeak(vector.hash())).as(vector.format()).isFalse();
            assertThat(hasher.isSupported(vector.hash().substring(0, vector.hash().length() - 12) + "!!"))
                    .as(vector.format() + " truncated").isFalse();
        }
        assertThat(hasher.isSupported("$argon2i$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8"))
                .as("4 GiB of memory per login").isFalse();
        assertThat(hasher.isSupported("$pbkdf2-sha256$i=0,l=32$cGhjLXNhbHQtMDAwMQ$v4UHxFP/BFUMMvBz1yvaN7up5yazAfV4SGQ/gVxSVZA"))
                .isFalse();
        assertThat(hasher.isSupported("$pbkdf2-sha256$i=1500,l=16$cGhjLXNhbHQtMDAwMQ$v4UHxFP/BFUMMvBz1yvaN7up5yazAfV4SGQ/gVxSVZA"))
                .as("l= is not the hash's length").isFalse();
        assertThat(hasher.isSupported("$scrypt$ln=30,r=8,p=1$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWI"))
                .as("128 GiB of memory").isFalse();
        assertThat(hasher.isSupported("$2b$10$tooShort")).isFalse();
        assertThat(hasher.isSupported("$salted-sha256$prefix$c2FsdA$" + "A".repeat(43))).isTrue();
        assertThat(hasher.isWeak("$salted-sha256$prefix$c2FsdA$" + "A".repeat(43))).isTrue();
    }

    @Test
    void weakDigestsAreNotTakenFromTheConfigurationFile() {
        assertThatThrownBy(() -> TestServer.start(Toml.config()
                .userWithHash("weak", "$salted-md5$prefix$c2FsdC1j$4zZV49oys7vWr+Yfwl6U/w").toString(), Map.of()))
                .hasMessageContaining("password_hash");
    }
}
