package dev.tollgate.identity;

import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.util.Optional;

/**
 * Users kept in Tollgate's own database, with Argon2id password hashes (or imported ones, upgraded
 * at the first login). A disabled user fails like a wrong password, and its tokens no longer refresh.
 */
public final class DatabaseDirectory implements Directory {
    /** The built-in directory's name, as tokens record it and {@code default_directory} names it. */
    public static final String NAME = "database";

    private final UserStore users;
    private final PasswordHasher hasher;
    private final HashPool pool;

    public DatabaseDirectory(UserStore users, PasswordHasher hasher, HashPool pool) {
        this.users = users;
        this.hasher = hasher;
        this.pool = pool;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Authentication authenticate(String username, String password) {
        Optional<User> user = users.findByUsername(username);
        String stored = user.map(User::passwordHash).orElse(hasher.dummyHash());
        boolean matches = pool.run(() -> hasher.verify(password, stored));
        if (user.isEmpty()) {
            return Authentication.failed(Authentication.UNKNOWN_USER);
        }
        if (!matches) {
            return Authentication.failed(Authentication.WRONG_PASSWORD);
        }
        if (user.get().disabled()) {
            // checked after the hash, so that a disabled user costs what any other login costs
            return Authentication.failed(Authentication.DISABLED_USER);
        }
        if (hasher.needsRehash(stored)) {
            String upgraded = pool.run(() -> hasher.hash(password));
            // a password set while this login hashed wins over the upgrade of the old one
            users.replacePasswordHash(user.get().id(), stored, upgraded);
        }
        return Authentication.succeeded(identity(user.get()));
    }

    @Override
    public Optional<Identity> findById(String id) {
        return users.findById(id).filter(user -> !user.disabled()).map(DatabaseDirectory::identity);
    }

    public static Identity identity(User user) {
        return new Identity(user.id(), NAME, user.username(), user.scopes(), user.profile(), user.updatedAt());
    }
}
