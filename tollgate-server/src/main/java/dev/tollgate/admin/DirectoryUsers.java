package dev.tollgate.admin;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.DirectoryUser;
import dev.tollgate.store.DirectoryUserStore;
import java.util.List;

/**
 * The users of LDAP directories that have logged in, as Tollgate keeps them (the directory stays
 * the authority on who they are; they are changed there, not here).
 */
public final class DirectoryUsers {
    public static final int MAX_PAGE = 500;
    /** Separates username and id in a cursor; neither holds it. */
    private static final char SEPARATOR = '\u0000';

    private final DirectoryUserStore store;

    public DirectoryUsers(DirectoryUserStore store) {
        this.store = store;
    }

    /** Like {@link Users#list}, for one directory's users. */
    public Page<Identity> list(String directory, String query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new AdminException.Invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        String afterUsername = null;
        String afterId = null;
        if (cursor != null) {
            int at = cursor.indexOf(SEPARATOR);
            if (at < 0) {
                throw new AdminException.Invalid("cursor", "is not a cursor this list gave");
            }
            afterUsername = cursor.substring(0, at);
            afterId = cursor.substring(at + 1);
        }
        List<DirectoryUser> found = store.search(directory, query == null ? "" : query, afterUsername, afterId,
                limit + 1);
        List<Identity> page = found.stream().limit(limit).map(DirectoryUsers::identity).toList();
        String next = null;
        if (found.size() > limit) {
            Identity last = page.get(limit - 1);
            next = last.username() + SEPARATOR + last.id();
        }
        return new Page<>(page, next);
    }

    private static Identity identity(DirectoryUser row) {
        return new Identity(row.id(), row.directory(), row.username(), row.scopes(), row.profile(), row.updatedAt());
    }
}
