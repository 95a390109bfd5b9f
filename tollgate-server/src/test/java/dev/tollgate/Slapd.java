package dev.tollgate;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * OpenLDAP's slapd from the operating system's packages, started by the test on a port of its
 * own with its configuration and database in a directory of the test's, as {@code dc=example,dc=com}
 * with the root DN {@code cn=admin} (password {@value #ROOT_PASSWORD}).
 */
final class Slapd implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/slapd");
    static final String ROOT_DN = "cn=admin," + TestLdap.BASE;
    static final String ROOT_PASSWORD = "admin-password";

    final Path dir;
    final int port;
    private Process process;

    private Slapd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Installed here, or this is CI, where .ci/run installs it and a missing slapd must fail the test. */
    static boolean available() {
        return Files.isExecutable(BINARY) || "true".equals(System.getenv("CI"));
    }

    static Slapd start(Path dir) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("slapd.conf"), """
                    include /etc/ldap/schema/core.schema
                    include /etc/ldap/schema/cosine.schema
                    include /etc/ldap/schema/inetorgperson.schema
                    modulepath /usr/lib/ldap
                    moduleload back_mdb
                    pidfile %1$s/slapd.pid
                    database mdb
                    maxsize 67108864
                    suffix "%2$s"
                    rootdn "%3$s"
                    rootpw %4$s
                    directory %1$s/data
                    index uid,member eq
                    index entryUUID eq
                    """.formatted(dir.toAbsolutePath(), TestLdap.BASE, ROOT_DN, ROOT_PASSWORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Slapd slapd = new Slapd(dir, TestLdap.freePort());
        slapd.start();
        return slapd;
    }

    /** Starts (again) on the same port and database, and waits until it answers. */
    void start() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-f", dir.resolve("slapd.conf").toString(),
                    "-h", url() + "/", "-d", "0")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("slapd.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("slapd exited: see " + dir.resolve("slapd.log"));
                }
                sleep();
            }
        }
        throw new IllegalStateException("slapd did not listen within 20 s");
    }

    /** Stops it as an operator (or a crash) would; its database stays. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** A connection bound as the root DN, to add and change entries. */
    LDAPConnection admin() {
        try {
            return new LDAPConnection("127.0.0.1", port, ROOT_DN, ROOT_PASSWORD);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
