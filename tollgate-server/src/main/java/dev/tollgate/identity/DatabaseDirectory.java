package dev.tollgate.identity;

import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.util.Optional;
import java.util.UUID;

/**
 * Users kept in Tollgate's own database, with Argon2id password hashes (or imported ones, upgraded
 * at the first login). A disabled user fails like a wrong password, and its tokens no longer refresh.
 */
public final class DatabaseDirectory implements Directory {
    /** The built-in directory's name, as tokens record it and {@code default_directory} names it. */
    public static final String NAME = "database";
    /** The users table's id column. */
    private static final int ID_LENGTH = 36;

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

    /**
     * For a directory that migrates its users here: the check of a user this directory has, empty
     * for one it has not. The hash is computed either way, so both take as long.
     */
    public Optional<Authentication> authenticateIfKnown(String username, String password) {
        Optional<User> user = users.findByUsername(username);
        if (user.isEmpty()) {
            pool.run(() -> hasher.verify(password, hasher.dummyHash()));
            return Optional.empty();
        }
        return Optional.of(authenticate(username, password));
    }

    /**
     * Takes over a user another directory has just authenticated with this password (migration on
     * login): created, or updated when the username exists, with the password hashed. Keeps the
     * user's id when it fits and is free, so that its subject identifier does not change.
     */
    public Identity adopt(Identity user, String password) {
        String hash = pool.run(() -> hasher.hash(password));
        Optional<User> existing = users.findByUsername(user.username());
        String id = existing.map(User::id).orElseGet(() -> user.id().length() <= ID_LENGTH
                && users.findById(user.id()).isEmpty() ? user.id() : UUID.randomUUID().toString());
        // a user disabled in the database stays disabled, whatever the directory it came from says
        User adopted = new User(id, user.username(), hash, user.scopes(), user.profile(), user.updatedAt(),
                existing.map(User::disabled).orElse(false));
        users.save(adopted);
        return identity(users.findById(id).orElse(adopted));
    }

    @Override
    public Optional<Identity> findById(String id) {
        return users.findById(id).filter(user -> !user.disabled()).map(DatabaseDirectory::identity);
    }

    public static Identity identity(User user) {
        return new Identity(user.id(), NAME, user.username(), user.scopes(), user.profile(), user.updatedAt());
    }
}
