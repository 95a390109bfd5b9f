package dev.tollgate.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Set;
import org.h2.api.ErrorCode;

/**
 * An H2 file database that Tollgate looks after itself. Its auto-server, which lets the command
 * line use the file while the server runs, listens on loopback only; without a configured
 * {@code storage.password} the database gets a generated one, kept beside it in
 * {@code <name>.password} (mode 0600) where the server and the command line both read it. A
 * database made before it had a password is given this one at the next open. The directory is
 * created 0700 and the database file is kept 0600.
 */
final class EmbeddedH2 {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private EmbeddedH2() {}

    /** Whether the URL names an H2 database in a file (not in memory, not on another server). */
    static boolean isFile(String url) {
        return url.startsWith("jdbc:h2:file:") || (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")
                && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:"));
    }

    /**
     * H2 reads the address its servers bind to once, when it loads: this must run before any
     * connection is made. An address given with {@code -Dh2.bindAddress} is kept.
     */
    static void bindToLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /**
     * The database opened with its password: read from beside it, or generated and stored there,
     * and set on a database that had none. The connection is kept open until the pool has its
     * own: H2 closes a database with its last connection, and opening it again took a fifth of a
     * second of the start.
     */
    static Opened open(String url, String jdbcUrl, String user) {
        Path database = path(url);
        Path file = database.resolveSibling(database.getFileName() + ".password");
        try {
            createDirectory(database.getParent());
            String password = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : create(file);
            Connection connection = setIfMissing(jdbcUrl, user, password);
            restrict(database.resolveSibling(database.getFileName() + ".mv.db"));
            return new Opened(password, connection);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the password of the database " + database, e);
        }
    }

    /** The database's password, and a connection that keeps it open. */
    record Opened(String password, Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot close the database: " + e.getMessage(), e);
            }
        }
    }

    /** The database's path without H2's extension, from {@code jdbc:h2:[file:]PATH[;SETTINGS]}. */
    static Path path(String url) {
        String rest = url.substring("jdbc:h2:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int settings = rest.indexOf(';');
        if (settings >= 0) {
            rest = rest.substring(0, settings);
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return Path.of(rest).toAbsolutePath();
    }

    private static void createDirectory(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Written under another name and moved in, so a process starting at the same time reads the one password or none. */
    private static String create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = file.resolveSibling(file.getFileName() + "." + Long.toHexString(System.nanoTime()));
        if (POSIX) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file);
            return password;
        } catch (FileAlreadyExistsException e) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Opens the database with the password, creating it so when new; one made without a password gets it now. */
    private static Connection setIfMissing(String jdbcUrl, String user, String password) {
        try {
            return DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("cannot open the database: " + e.getMessage(), e);
            }
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
            try (Statement statement = connection.createStatement()) {
                String name;
                try (ResultSet current = statement.executeQuery("SELECT CURRENT_USER")) {
                    current.next();
                    name = current.getString(1);
                }
                // the generated password is base64url and the name is quoted: neither can break out of the statement
                statement.execute("ALTER USER \"" + name.replace("\"", "\"\"") + "\" SET PASSWORD '" + password + "'");
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the database refuses its password file: " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }
}
