package dev.tollgate.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The server's directories by name, and the one the password grant uses by default. */
public final class Directories implements AutoCloseable {
    private final Map<String, Directory> byName = new LinkedHashMap<>();
    private final Directory defaultDirectory;

    public Directories(List<Directory> directories, String defaultName) {
        for (Directory directory : directories) {
            if (byName.putIfAbsent(directory.name(), directory) != null) {
                throw new IllegalArgumentException("two directories named '" + directory.name() + "'");
            }
        }
        defaultDirectory = byName.get(defaultName);
        if (defaultDirectory == null) {
            throw new IllegalArgumentException("no directory named '" + defaultName + "'");
        }
    }

    public Directory byDefault() {
        return defaultDirectory;
    }

    public Optional<Directory> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The user a token names. {@code directory} is null only for a token that does not record it
     * (a JWT access token issued without a refresh token): then every directory is asked in order.
     */
    public Optional<Identity> findUser(String directory, String id) {
        if (directory != null) {
            return get(directory).flatMap(found -> found.findById(id));
        }
        for (Directory each : byName.values()) {
            Optional<Identity> user = each.findById(id);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Directory> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The directories a client's users may come from, in its order: those it names that exist,
     * else the default one.
     */
    public List<Directory> of(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of(defaultDirectory);
        }
        return names.stream().map(byName::get).filter(Objects::nonNull).toList();
    }

    /** The user a refresh token names, as its directory says now ({@link Directory#recheck}). */
    public Optional<Identity> recheckUser(String directory, String id) {
        if (directory == null) {
            return findUser(null, id);
        }
        return get(directory).flatMap(found -> found.recheck(id));
    }

    @Override
    public void close() {
        for (Directory directory : byName.values()) {
            if (directory instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // closing connections to a directory that went away: nothing left to do
                }
            }
        }
    }
}
