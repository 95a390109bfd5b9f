package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.identity.PasswordHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The native fast paths (libargon2 for Argon2id, Amazon Corretto Crypto Provider for RSA and
 * ECDSA) and their pure-Java fallbacks make interchangeable hashes and tokens: a server on
 * either path accepts what the other stored and signed.
 */
class NativePathsTest {
    /** Made by the argon2 reference implementation (libargon2 20171227), independently of Java. */
    static final String LIBARGON2_HASH =
            "$argon2id$v=19$m=7168,t=5,p=1$d5SHxRXI+kA6AOfk/T21Ng$EaVTPvZH8BQU3aLXVIJrlhbspIoyVAD/dffsPPin5Vc";

    @Test
    void hashWhenMadeNativelyThenVerifiesInJavaAndBack() {
        PasswordHasher nativeHasher = new PasswordHasher(64, 2, 1, true);
        PasswordHasher javaHasher = new PasswordHasher(64, 2, 1, false);
        assertThat(nativeHasher.argon2Engine()).isEqualTo("libargon2");
        assertThat(javaHasher.argon2Engine()).isEqualTo("bouncycastle");

        String fromNative = nativeHasher.hash("correct horse");
        String fromJava = javaHasher.hash("correct horse");
        assertThat(javaHasher.verify("correct horse", fromNative)).isTrue();
        assertThat(javaHasher.verify("wrong horse", fromNative)).isFalse();
        assertThat(nativeHasher.verify("correct horse", fromJava)).isTrue();
        assertThat(nativeHasher.verify("wrong horse", fromJava)).isFalse();
        for (PasswordHasher hasher : new PasswordHasher[] {nativeHasher, javaHasher}) {
            assertThat(hasher.verify("pw", LIBARGON2_HASH)).isTrue();
            assertThat(hasher.verify("pW", LIBARGON2_HASH)).isFalse();
        }
    }

    @Test
    void tokensWhenSignedOnOnePathThenActiveOnTheOther() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-test");
        String toml = """
                [[clients]]
                id = "app"
                secret = "app-secret"
                grant_types = ["password", "refresh_token", "client_credentials"]
                scopes = ["read"]

                [[users]]
                username = "native"
                password_hash = "%s"
                scopes = ["read"]

                [[users]]
                username = "java"
                password_hash = "%s"
                scopes = ["read"]

                [[apis]]
                identifier = "https://api.example.com/ec"
                scopes = ["read"]
                signing_alg = "ES256"
                """.formatted(new PasswordHasher(64, 1, 1, true).hash("native-password"),
                new PasswordHasher(64, 1, 1, false).hash("java-password"));
        // one issuer for both, as for the nodes of a cluster
        String sharedIssuer = "http://tollgate.test";
        try (TestServer fast = TestServer.start(dir, toml, Map.of("server.issuer", sharedIssuer));
                TestServer fallback = TestServer.start(dir, toml, Map.of("server.issuer", sharedIssuer,
                        "passwords.native_argon2", "false", "keys.native_crypto", "false"))) {
            for (TestServer issuer : new TestServer[] {fast, fallback}) {
                TestServer other = issuer == fast ? fallback : fast;
                for (String user : new String[] {"native", "java"}) {
                    assertThat(issuer.passwordGrant(user, user + "-password").status()).isEqualTo(200);
                    assertThat(issuer.passwordGrant(user, "wrong").status()).isEqualTo(400);
                }
                String rs256 = token(issuer, "grant_type=password&username=native&password=native-password");
                String es256 = token(issuer, "grant_type=client_credentials&audience=https://api.example.com/ec");
                for (String token : new String[] {rs256, es256}) {
                    JsonNode introspected = TestServer.JSON.readTree(other.form("/oauth/introspect",
                            "token=" + token, "Authorization", TestServer.basic("app", "app-secret")).body());
                    assertThat(introspected.path("active").asBoolean()).as(introspected.toString()).isTrue();
                }
            }
        }
    }

    private static String token(TestServer server, String body) throws Exception {
        TestServer.Response response = server.form("/oauth/token", body,
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return TestServer.JSON.readTree(response.body()).path("access_token").asText();
    }
}
