package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The H2 file database: its auto-server listens on loopback only, it has a generated password kept
 * beside it (also set on a database made before it had one), and its files are the owner's alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDatabaseTest {
    static final String CONFIG = Toml.config().client("app").user("alice").toString();

    @BeforeEach
    void onH2() {
        assumeFalse(TestDatabase.isPostgres(), "about the embedded H2 database");
    }

    static Map<String, String> inDataDir(Path dir) {
        return Map.of("storage.url", "jdbc:h2:file:" + dir.resolve("data/tollgate").toAbsolutePath());
    }

    static String jdbcUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("data/tollgate").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    static String perms(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void newDatabaseGetsAPasswordFileAndPrivateFiles() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-h2");
        try (TestServer server = TestServer.start(dir, CONFIG, inDataDir(dir))) {
            Path password = dir.resolve("data/tollgate.password");
            assertThat(password).exists();
            assertThat(perms(password)).isEqualTo("rw-------");
            assertThat(perms(dir.resolve("data"))).isEqualTo("rwx------");
            assertThat(perms(dir.resolve("data/tollgate.mv.db"))).isEqualTo("rw-------");
            assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl(dir), "", "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection withPassword = DriverManager.getConnection(jdbcUrl(dir), "",
                    Files.readString(password).strip());
                    var cache = withPassword.createStatement().executeQuery(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
                assertThat(withPassword.isValid(1)).isTrue();
                // the server opened the file with a 4 MiB page cache (H2's default is 16 MiB)
                assertThat(cache.next()).isTrue();
                assertThat(cache.getString(1)).isEqualTo("4096");
            }
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
        }
    }

    @Test
    void databaseWithoutPasswordIsGivenOne() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-h2");
        Files.createDirectories(dir.resolve("data"));
        DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data/tollgate").toAbsolutePath(), "", "").close();
        try (TestServer server = TestServer.start(dir, CONFIG, inDataDir(dir))) {
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            assertThat(dir.resolve("data/tollgate.password")).exists();
            assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl(dir), "", "").close())
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void commandLineFindsThePassword() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-h2");
        try (TestServer server = TestServer.start(dir, CONFIG, inDataDir(dir))) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("user", "list",
                    "--config", dir.resolve("tollgate.toml").toString()));
            Map<String, String> settings = new java.util.LinkedHashMap<>(TestServer.defaults(dir));
            settings.putAll(inDataDir(dir));
            settings.forEach((key, value) -> {
                args.add("--set");
                args.add(key + "=" + value);
            });
            CliProcess.Result listed = CliProcess.run(dir, null, args);
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("alice");
        }
    }

    /** First: H2 reads its bind address once, and another test here opens H2 directly. */
    @Test
    @Order(1)
    void autoServerListensOnLoopbackOnly() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-h2");
        try (TestServer server = TestServer.start(dir, CONFIG, inDataDir(dir))) {
            Properties lock = new Properties();
            try (var in = Files.newInputStream(dir.resolve("data/tollgate.lock.db"))) {
                lock.load(in);
            }
            String address = lock.getProperty("server");
            String host = address.substring(0, address.lastIndexOf(':'));
            assertThat(InetAddress.getByName(host).isLoopbackAddress())
                    .as("the auto-server's address in the lock file: " + address).isTrue();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress other : Collections.list(network.getInetAddresses())) {
                    if (!other.isLoopbackAddress()) {
                        assertThatThrownBy(() -> {
                            try (Socket socket = new Socket()) {
                                socket.connect(new InetSocketAddress(other, port), 1000);
                            }
                        }).as("connecting on " + other).isInstanceOf(java.io.IOException.class);
                    }
                }
            }
        }
    }
}
