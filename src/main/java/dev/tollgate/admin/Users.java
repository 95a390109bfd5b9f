package dev.tollgate.admin;

import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Managing the users of the database directory: passwords are hashed here and never leave; what
 * callers get back is the {@link Identity}, without the hash. Lockouts are kept for any submitted
 * username, so {@link #unlock} works whether or not such a user exists.
 */
public final class Users {
    /** The most users one page may hold. */
    public static final int MAX_PAGE = 500;

    private final UserStore store;
    private final PasswordHasher hasher;
    private final BruteForceGuard guard;

    public Users(UserStore store, PasswordHasher hasher, BruteForceGuard guard) {
        this.store = store;
        this.hasher = hasher;
        this.guard = guard;
    }

    /** Adds a user with a password; the username must be free. */
    public Identity add(UserSpec spec, String password) {
        requirePassword(password);
        return create(spec, hasher.hash(password));
    }

    /** Adds a user whose password hash was made elsewhere (Argon2id PHC or bcrypt). */
    public Identity addWithHash(UserSpec spec, String passwordHash) {
        return create(spec, supported(passwordHash));
    }

    /**
     * Creates the user or brings it in line with the spec (the configuration file at every start),
     * with a password or a ready hash. The id stays; an unchanged user is not written, so its
     * {@code updated_at} stays. The password is written only for a new user or when it differs from
     * what the last put said: the stored hash may since have been upgraded at a login or replaced
     * by {@link #setPassword}, and a restart must not undo either.
     */
    public Identity put(UserSpec spec, String password, String passwordHash) {
        validate(spec);
        Optional<User> existing = store.findByUsername(spec.username());
        String lastPut = existing.flatMap(user -> store.filePassword(user.id())).orElse(null);
        String hash;
        String fingerprint;
        if (existing.isPresent() && lastPut != null && FilePasswords.same(hasher, lastPut, password, passwordHash)) {
            hash = existing.get().passwordHash();
            fingerprint = lastPut;
        } else {
            hash = passwordHash != null ? supported(passwordHash)
                    : Passwords.keepOrHash(hasher, requirePassword(password),
                            existing.map(User::passwordHash).orElse(null));
            fingerprint = passwordHash != null ? FilePasswords.ofHash(passwordHash) : hash;
        }
        User user = build(existing.map(User::id).orElseGet(() -> UUID.randomUUID().toString()), spec, hash,
                existing.map(User::updatedAt).orElse(0L));
        // Saving sets updated_at, which OpenID Connect publishes as the time the user's information
        // last changed: an unchanged user must not look updated by every restart.
        if (existing.filter(user::equals).isEmpty()) {
            store.save(user);
        }
        if (!fingerprint.equals(lastPut)) {
            store.setFilePassword(user.id(), fingerprint);
        }
        return identity(store.findById(user.id()).orElse(user));
    }

    /** Replaces the user's username, scopes and claims; id and password stay. */
    public Identity update(String username, UserSpec spec) {
        validate(spec);
        User user = stored(username);
        store.findByUsername(spec.username()).filter(other -> !other.id().equals(user.id())).ifPresent(other -> {
            throw new AdminException.Conflict("user '" + spec.username() + "' already exists");
        });
        store.save(build(user.id(), spec, user.passwordHash(), user.updatedAt()));
        return get(spec.username());
    }

    /** Sets a new password and revokes the user's refresh token families and opaque access tokens. */
    public void setPassword(String username, String password) {
        requirePassword(password);
        User user = stored(username);
        store.changePassword(user.id(), hasher.hash(password));
    }

    /** Removes the user and its refresh tokens and opaque access tokens. */
    public void remove(String username) {
        if (!store.removeByUsername(username)) {
            throw new AdminException.NotFound("no user '" + username + "'");
        }
    }

    /** Clears the username's failed logins and lockout; the entry as it was, empty when there was none. */
    public Optional<LoginFailures> unlock(String username) {
        return guard.unlock(username);
    }

    public Optional<Identity> find(String username) {
        return store.findByUsername(username).map(Users::identity);
    }

    /** The user with this id (the subject of its tokens). */
    public Identity getById(String id) {
        return store.findById(id).map(Users::identity)
                .orElseThrow(() -> new AdminException.NotFound("no user with id '" + id + "'"));
    }

    public Identity get(String username) {
        return identity(stored(username));
    }

    /**
     * Users whose username or email starts with {@code query} (case-insensitive; null or empty:
     * all), by username, {@code limit} at most, after the page that ended at {@code cursor}.
     */
    public Page<Identity> list(String query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new AdminException.Invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        List<User> found = store.search(query == null ? "" : query, cursor, limit + 1);
        List<Identity> page = found.stream().limit(limit).map(Users::identity).toList();
        String next = found.size() > limit ? User.key(page.get(limit - 1).username()) : null;
        return new Page<>(page, next);
    }

    private Identity create(UserSpec spec, String hash) {
        validate(spec);
        if (store.findByUsername(spec.username()).isPresent()) {
            throw new AdminException.Conflict("user '" + spec.username() + "' already exists");
        }
        User user = build(UUID.randomUUID().toString(), spec, hash, 0);
        store.save(user);
        return get(user.username());
    }

    private User stored(String username) {
        return store.findByUsername(username).orElseThrow(() -> new AdminException.NotFound("no user '" + username + "'"));
    }

    private String supported(String passwordHash) {
        if (!hasher.isSupported(passwordHash)) {
            throw new AdminException.Invalid("password_hash", "is not an Argon2id (PHC) or bcrypt hash");
        }
        return passwordHash;
    }

    private static String requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new AdminException.Invalid("password", "is required");
        }
        return password;
    }

    private static void validate(UserSpec spec) {
        if (spec.username() == null || spec.username().isBlank()) {
            throw new AdminException.Invalid("username", "must not be empty");
        }
    }

    private static User build(String id, UserSpec spec, String hash, long updatedAt) {
        return new User(id, spec.username(), hash,
                new LinkedHashSet<>(Objects.requireNonNullElse(spec.scopes(), List.of())), spec.profile(), updatedAt);
    }

    private static Identity identity(User user) {
        return DatabaseDirectory.identity(user);
    }
}
