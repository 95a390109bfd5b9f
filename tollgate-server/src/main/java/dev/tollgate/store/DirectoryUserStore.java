package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

/** The rows of the users of LDAP directories (see {@link DirectoryUser}). */
public interface DirectoryUserStore {
    Optional<DirectoryUser> find(String directory, String id);

    /** Creates the row or replaces every field of the one with the same directory and id. */
    void save(DirectoryUser user);

    /**
     * The directory's users whose username or email starts with {@code prefix} (case-insensitive;
     * empty: all), by username and id, after the user ({@code afterUsername}, {@code afterId}), or
     * from the start when {@code afterUsername} is null; at most {@code limit}.
     */
    List<DirectoryUser> search(String directory, String prefix, String afterUsername, String afterId, int limit);

    /** The directory's users by username, at most {@code limit}. */
    List<DirectoryUser> list(String directory, int limit);
}
