package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing keys: sealed at rest, rotated by the CLI while servers run, published until retired. */
class KeyRotationTest {
    static final String CONFIG = TestServer.APP_AND_ALICE;

    static String kid(TestServer server) throws Exception {
        TestServer.Response response = server.passwordGrant("alice", "alice-password");
        assertThat(response.status()).isEqualTo(200);
        return SignedJWT.parse(response.json().get("access_token").asText()).getHeader().getKeyID();
    }

    static String token(TestServer server) {
        return server.passwordGrant("alice", "alice-password").json().get("access_token").asText();
    }

    static List<String> publishedKids(TestServer server) throws Exception {
        List<String> kids = new ArrayList<>();
        JWKSet.parse(server.get("/.well-known/jwks.json").body()).getKeys().forEach(key -> kids.add(key.getKeyID()));
        return kids;
    }

    static boolean active(TestServer server, String token) {
        return server.form("/oauth/introspect", "token=" + token, "Authorization", TestServer.basic("app", "app-secret"))
                .json().get("active").asBoolean();
    }

    static CliProcess.Result cli(TestServer server, String... args) {
        return CliProcess.against(server, null, args);
    }

    @Test
    void privateKeysAreStoredSealedAndPlainOnesAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-keys");
        TestServer first = TestServer.start(dir, CONFIG, Map.of());
        String kid = kid(first);
        List<Map<String, Object>> rows = first.services().stores().database().jdbi().withHandle(h ->
                h.createQuery("SELECT kid, jwk FROM signing_keys").mapToMap().list());
        assertThat(rows).hasSize(3);
        for (Map<String, Object> row : rows) {
            assertThat((String) row.get("jwk")).doesNotStartWith("{").doesNotContain("\"d\"");
        }
        String sealed = (String) rows.stream().filter(r -> r.get("kid").equals(kid)).findFirst().orElseThrow().get("jwk");
        first.services().stores().signingKeys().replaceJwk(kid, first.services().secretBox().open(sealed));
        first.stop();
        assertThatThrownBy(() -> TestServer.start(dir, CONFIG, Map.of()).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(kid)
                .hasMessageContaining("unsealed");
        CliProcess.Result listed = CliProcess.run(dir, null, cliArgs(dir, "key", "rotate"));
        assertThat(listed.exit()).isEqualTo(2);
        assertThat(listed.err()).contains("signing key '" + kid + "' is stored unsealed").doesNotContain("Exception");
        TestServer.delete(dir);
    }

    static List<String> cliArgs(Path dir, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.add("--config");
        args.add(dir.resolve("tollgate.toml").toString());
        TestServer.defaults(dir).forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        return args;
    }

    @Test
    void rotationByTheCliReachesTheRunningServer() throws Exception {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(CONFIG, Map.of("keys.reload_interval", "1"), clock)) {
            String oldKid = kid(server);
            String oldToken = token(server);
            CliProcess.Result rotated = cli(server, "key", "rotate", "--alg", "RS256", "--keep-old-for", "600");
            assertThat(rotated.exit()).as(rotated.err()).isZero();
            String newKid = oldKid;
            for (int i = 0; i < 40 && newKid.equals(oldKid); i++) {
                Thread.sleep(250);
                newKid = kid(server);
            }
            assertThat(newKid).as("signing with the new key after a reload").isNotEqualTo(oldKid);
            assertThat(publishedKids(server)).contains(oldKid, newKid);
            assertThat(active(server, oldToken)).as("tokens of the old key still verify").isTrue();
            String listed = cli(server, "key", "list").out();
            assertThat(listed).contains(newKid + "\tRS256\tactive").contains(oldKid + "\tRS256\tprevious");

            clock.advance(Duration.ofSeconds(601 + 3600));
            for (int i = 0; i < 40 && publishedKids(server).contains(oldKid); i++) {
                Thread.sleep(250);
            }
            assertThat(publishedKids(server)).as("retired").doesNotContain(oldKid).contains(newKid);
        }
    }

    @Test
    void keyActivatedLaterIsPublishedFirst() throws Exception {
        try (TestServer server = TestServer.start(CONFIG, Map.of("keys.reload_interval", "1"))) {
            String oldKid = kid(server);
            CliProcess.Result rotated = cli(server, "key", "rotate", "--alg", "RS256", "--activate-in", "3600");
            assertThat(rotated.exit()).as(rotated.err()).isZero();
            for (int i = 0; i < 40 && publishedKids(server).size() < 4; i++) {
                Thread.sleep(250);
            }
            assertThat(publishedKids(server)).hasSize(4).contains(oldKid);
            assertThat(kid(server)).as("still signing with the current key").isEqualTo(oldKid);
            assertThat(cli(server, "key", "list").out()).contains("RS256\tnext").contains(oldKid + "\tRS256\tactive");
        }
    }

    @Test
    void aNodeLearnsAKeyRotatedElsewhereWhenATokenNamesIt() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-keys");
        // two nodes of one deployment: one issuer, keys read only at start and on demand
        Map<String, String> slowReload = Map.of("keys.reload_interval", "3600", "server.issuer", "https://login.example.com");
        TestServer signer = TestServer.start(dir, CONFIG, slowReload);
        TestServer other = TestServer.start(dir, CONFIG, slowReload);
        try {
            String oldKid = kid(signer);
            assertThat(cli(signer, "key", "rotate", "--alg", "RS256").exit()).isZero();
            signer.stop();
            signer = TestServer.start(dir, CONFIG, slowReload);
            String token = token(signer);
            assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isNotEqualTo(oldKid);
            assertThat(active(other, token)).as("verified after reloading for the unknown kid").isTrue();
        } finally {
            signer.stop();
            other.close();
        }
    }
}
