package dev.tollgate.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The server's directories by name, and the one the password grant uses by default. */
public final class Directories {
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
}
