package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigException;
import dev.tollgate.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TOML file, environment variables and overrides, and the errors for keys that cannot work. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    Config load(String toml) throws IOException {
        return load(toml, Map.of(), Map.of());
    }

    Config load(String toml, Map<String, String> env, Map<String, String> overrides) throws IOException {
        Path file = dir.resolve("tollgate.toml");
        Files.writeString(file, toml);
        return new ConfigLoader().load(file, env, overrides);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Config config = new ConfigLoader().defaultsOnly();
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().issuer()).isEmpty();
        assertThat(config.storage().url()).isEqualTo("jdbc:h2:file:./data/tollgate");
        assertThat(config.passwordGrantEnabled()).isTrue();
        assertThat(config.tokens().defaultAudience()).isEmpty();
        assertThat(config.tokens().accessTokenTtl()).isEqualTo(3600);
        assertThat(config.tokens().refreshTokenTtl()).isEqualTo(2592000);
        assertThat(config.tokens().refreshTokenMaxLifetime()).isEqualTo(7776000);
        assertThat(config.tokens().includeIssuedAt()).isFalse();
        assertThat(config.passwords().algorithm()).isEqualTo("argon2id");
        assertThat(config.passwords().memoryKib()).isEqualTo(19456);
        assertThat(config.passwords().iterations()).isEqualTo(2);
        assertThat(config.passwords().parallelism()).isEqualTo(1);
        assertThat(config.server().trustedProxies()).isEmpty();
        assertThat(config.server().tls().enabled()).isFalse();
        assertThat(config.bruteForce()).isEqualTo(new Config.BruteForce(5, 300, 3600, 600));
        assertThat(config.audit().file()).isEmpty();
        assertThat(config.audit().retentionDays()).isEqualTo(30);
        assertThat(config.metrics()).isEqualTo(new Config.Metrics("127.0.0.1", 9090));
    }

    @Test
    void metricsListenerIsConfigurableButNeverThePublicPort() throws IOException {
        Config config = load("[metrics]\nhost = \"0.0.0.0\"\nport = 9464\n", Map.of("TOLLGATE_METRICS_PORT", "9465"),
                Map.of());
        assertThat(config.metrics()).isEqualTo(new Config.Metrics("0.0.0.0", 9465));
        assertThat(load("[server]\nport = 0\n[metrics]\nport = 0\n").metrics().port()).isZero();
        assertThatThrownBy(() -> load("[server]\nport = 8080\n[metrics]\nport = 8080\n"))
                .hasMessageContaining("metrics.port").hasMessageContaining("server.port");
        assertThatThrownBy(() -> load("[metrics]\nport = 70000\n")).hasMessageContaining("metrics.port");
        assertThatThrownBy(() -> load("[metrics]\nhost = \"\"\n")).hasMessageContaining("metrics.host");
    }

    @Test
    void attackResistanceKeysLoadFromFileEnvironmentAndOverrides() throws IOException {
        Config config = load("""
                [server]
                trusted_proxies = ["10.0.0.1", "192.168.0.0/16", "::1"]

                [brute_force]
                max_failures = 10
                lockout_seconds = 60
                max_lockout_seconds = 600
                ip_requests_per_minute = 120

                [audit]
                file = "/var/log/tollgate/audit.log"
                """);
        assertThat(config.server().trustedProxies()).containsExactly("10.0.0.1", "192.168.0.0/16", "::1");
        assertThat(config.bruteForce()).isEqualTo(new Config.BruteForce(10, 60, 600, 120));
        assertThat(config.audit().file()).isEqualTo("/var/log/tollgate/audit.log");

        Config fromEnv = load("", Map.of("TOLLGATE_SERVER_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.0/8",
                "TOLLGATE_BRUTE_FORCE_MAX_FAILURES", "3"), Map.of("audit.file", "-"));
        assertThat(fromEnv.server().trustedProxies()).containsExactly("10.0.0.1", "10.0.0.0/8");
        assertThat(fromEnv.bruteForce().maxFailures()).isEqualTo(3);
        assertThat(fromEnv.audit().file()).isEqualTo("-");
        assertThat(load("", Map.of(), Map.of("server.trusted_proxies", "")).server().trustedProxies()).isEmpty();
    }

    @Test
    void attackResistanceValuesThatCannotWorkAreRejected() {
        assertThatThrownBy(() -> load("[server]\ntrusted_proxies = [\"proxy.example.com\"]\n"))
                .hasMessageContaining("server.trusted_proxies").hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> load("[server]\ntrusted_proxies = [\"300.1.1.1\"]\n"))
                .hasMessageContaining("server.trusted_proxies");
        assertThatThrownBy(() -> load("[server.tls]\ncert = \"c.pem\"\n")).hasMessageContaining("server.tls.key");
        assertThatThrownBy(() -> load("[server.tls]\nkey = \"k.pem\"\n")).hasMessageContaining("server.tls.cert");
        assertThatThrownBy(() -> load("[brute_force]\nmax_failures = -1\n"))
                .hasMessageContaining("brute_force.max_failures");
        assertThatThrownBy(() -> load("[brute_force]\nlockout_seconds = 600\nmax_lockout_seconds = 60\n"))
                .hasMessageContaining("brute_force.max_lockout_seconds");
        assertThatThrownBy(() -> load("[brute_force]\nip_requests_per_minute = -5\n"))
                .hasMessageContaining("brute_force.ip_requests_per_minute");
    }

    @Test
    void designDocumentExampleLoads() throws IOException {
        Config config = load("""
                [server]
                host = "127.0.0.1"
                port = 8080
                issuer = "http://127.0.0.1:8080"

                [storage]
                url = "jdbc:h2:file:./data/tollgate"
                user = ""
                password = ""

                [oauth.grant_type.password]
                enable = true

                [tokens]
                default_audience = ""
                access_token_ttl = 3600
                refresh_token_ttl = 2592000
                include_issued_at = false

                [passwords]
                algorithm = "argon2id"
                memory_kib = 19456
                iterations = 2
                parallelism = 1

                [[clients]]
                id = "demo-app"
                secret = "demo-secret"
                grant_types = ["password", "refresh_token"]
                scopes = ["read", "write"]
                access_token_ttl = 86400

                [[users]]
                username = "alice"
                password = "alice-password"
                scopes = ["read"]
                email = "alice@example.com"
                name = "Alice Example"
                """);
        assertThat(config.clients()).hasSize(1);
        assertThat(config.clients().get(0).accessTokenTtl()).isEqualTo(86400);
        assertThat(config.users().get(0).email()).isEqualTo("alice@example.com");
    }

    @Test
    void unknownKeyIsRejectedByName() {
        assertThatThrownBy(() -> load("[server]\nhots = \"x\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'server.hots'");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\nscope = [\"x\"]\n"))
                .hasMessageContaining("'clients[0].scope'");
        assertThatThrownBy(() -> load("[nonsense]\nx = 1\n")).hasMessageContaining("'nonsense'");
    }

    @Test
    void wrongTypeNamesTheKey() {
        assertThatThrownBy(() -> load("[server]\nport = \"eighty\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'server.port'");
    }

    @Test
    void brokenTomlAndMissingFileAreReported() {
        assertThatThrownBy(() -> load("[server\nport = 1\n")).hasMessageContaining("not valid TOML");
        assertThatThrownBy(() -> new ConfigLoader().load(dir.resolve("absent.toml"), Map.of(), Map.of()))
                .hasMessageContaining("not found");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Config config = load("[server]\nport = 9000\n", Map.of(
                "TOLLGATE_SERVER_PORT", "9100",
                "TOLLGATE_OAUTH_GRANT_TYPE_PASSWORD_ENABLE", "false",
                "TOLLGATE_STORAGE_PASSWORD", "from-env",
                "UNRELATED", "x"), Map.of());
        assertThat(config.server().port()).isEqualTo(9100);
        assertThat(config.passwordGrantEnabled()).isFalse();
        assertThat(config.storage().password()).isEqualTo("from-env");
    }

    @Test
    void overridesBeatEnvironmentAndMustNameKnownKeys() throws IOException {
        Config config = load("", Map.of("TOLLGATE_SERVER_PORT", "9100"), Map.of("server.port", "9200"));
        assertThat(config.server().port()).isEqualTo(9200);
        assertThatThrownBy(() -> load("", Map.of(), Map.of("server.prot", "1"))).hasMessageContaining("'server.prot'");
    }

    @Test
    void valuesThatCannotWorkAreRejected() {
        assertThatThrownBy(() -> load("[server]\nport = 70000\n")).hasMessageContaining("server.port");
        assertThatThrownBy(() -> load("[passwords]\nalgorithm = \"md5\"\n")).hasMessageContaining("passwords.algorithm");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\ngrant_types = [\"implicit\"]\n"))
                .hasMessageContaining("clients[0].grant_types").hasMessageContaining("implicit");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\n[[clients]]\nid = \"a\"\n"))
                .hasMessageContaining("clients[1].id");
        assertThatThrownBy(() -> load("[[users]]\nusername = \"a\"\n")).hasMessageContaining("users[0].password");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\nrefresh_token_policy = \"never\"\n"))
                .hasMessageContaining("clients[0].refresh_token_policy");
        assertThatThrownBy(() -> load("[[apis]]\nidentifier = \"x\"\ntoken_format = \"paper\"\n"))
                .hasMessageContaining("apis[0].token_format");
        assertThatThrownBy(() -> load("[[apis]]\nidentifier = \"x\"\nsigning_alg = \"HS256\"\n"))
                .hasMessageContaining("apis[0].signing_alg");
        assertThatThrownBy(() -> load("[[apis]]\nidentifier = \"x\"\ntoken_typ = \"jwt\"\n"))
                .hasMessageContaining("apis[0].token_typ");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\nauth_methods = [\"private_key_jwt\"]\n"))
                .hasMessageContaining("clients[0].auth_methods").hasMessageContaining("jwks");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\nauth_methods = [\"client_secret_post\"]\n"))
                .hasMessageContaining("need a secret");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\nsecret = \"s\"\nauth_methods = [\"magic\"]\n"))
                .hasMessageContaining("unknown authentication method magic");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\njwks = \"{}\"\n"))
                .hasMessageContaining("jwks");
        assertThatThrownBy(() -> load("[[clients]]\nid = \"a\"\ngrant_types = [\"client_credentials\"]\n"))
                .hasMessageContaining("public client cannot have the client_credentials grant");
        assertThatThrownBy(() -> load("[keys]\nencryption_key_file = \"\"\n"))
                .hasMessageContaining("keys.encryption_key_file");
        assertThatThrownBy(() -> load("[tokens]\nrefresh_token_ttl = 100\nrefresh_token_max_lifetime = 10\n"))
                .hasMessageContaining("tokens.refresh_token_max_lifetime");
        assertThatThrownBy(() -> load("[[users]]\nusername = \"a\"\npassword = \"x\"\npassword_hash = \"y\"\n"))
                .hasMessageContaining("not both");
    }
}
