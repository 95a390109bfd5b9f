package dev.tollgate.admin;

import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.Profile;
import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

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

    /** Why a password hash is refused. */
    public static final String UNSUPPORTED_HASH = "is not a supported password hash (Argon2 or PBKDF2 or scrypt "
            + "as a PHC string, bcrypt, Django PBKDF2) with parameters a login can afford";

    /** The most users {@link #importBatch} takes at once. */
    public static final int MAX_IMPORT_BATCH = 5000;

    /** What importing one record did. */
    public enum Change { ADDED, UPDATED, UNCHANGED, CONFLICT }

    /** The change, and for a conflict what differs. */
    public record Imported(Change change, String conflict) {
        static final Imported ADDED = new Imported(Change.ADDED, null);
        static final Imported UPDATED = new Imported(Change.UPDATED, null);
        static final Imported UNCHANGED = new Imported(Change.UNCHANGED, null);

        static Imported conflict(String reason) {
            return new Imported(Change.CONFLICT, reason);
        }
    }

    /**
     * A user to import: with a ready hash (checked by the caller with {@link PasswordHasher#isSupported}),
     * and optionally the id it had elsewhere, kept as its subject identifier.
     */
    public record UserImport(String id, UserSpec spec, String passwordHash, boolean disabled) {}

    /**
     * Imports users in one transaction (nothing with {@code dryRun}): a new username is added; one
     * that exists with the same data is left alone, so importing a file again changes nothing; one
     * with different data is a conflict unless {@code update}, which replaces its data (its id
     * stays). A hash that differs only because the user logged in since (the stored hash was
     * upgraded from the one imported before) or was given a new password is not a difference.
     */
    public List<Imported> importBatch(List<UserImport> batch, boolean update, boolean dryRun) {
        if (batch.size() > MAX_IMPORT_BATCH) {
            throw new AdminException.Invalid("batch", "must hold at most " + MAX_IMPORT_BATCH + " users");
        }
        List<String> usernames = new ArrayList<>(batch.size());
        List<String> ids = new ArrayList<>();
        for (UserImport user : batch) {
            validate(user.spec());
            usernames.add(user.spec().username());
            if (user.id() != null) {
                ids.add(user.id());
            }
        }
        Map<String, UserStore.Imported> byKey = new HashMap<>();
        Map<String, String> keyOfId = new HashMap<>();
        for (UserStore.Imported found : store.findForImport(usernames, ids)) {
            byKey.put(User.key(found.user().username()), found);
            keyOfId.put(found.user().id(), User.key(found.user().username()));
        }
        List<UserStore.Imported> added = new ArrayList<>();
        List<UserStore.Imported> replaced = new ArrayList<>();
        Map<String, Integer> addedAt = new HashMap<>();
        Map<String, Integer> replacedAt = new HashMap<>();
        List<Imported> results = new ArrayList<>(batch.size());
        for (UserImport user : batch) {
            String key = User.key(user.spec().username());
            String owner = user.id() == null ? null : keyOfId.get(user.id());
            if (owner != null && !owner.equals(key)) {
                results.add(Imported.conflict("id '" + user.id() + "' belongs to user '"
                        + byKey.get(owner).user().username() + "'"));
                continue;
            }
            String fingerprint = FilePasswords.ofHash(user.passwordHash());
            UserStore.Imported existing = byKey.get(key);
            if (existing == null) {
                String id = user.id() != null ? user.id() : TimeOrderedIds.next();
                UserStore.Imported row = new UserStore.Imported(
                        build(id, user.spec(), user.passwordHash(), 0, user.disabled()), fingerprint);
                addedAt.put(key, added.size());
                added.add(row);
                byKey.put(key, row);
                keyOfId.put(id, key);
                results.add(Imported.ADDED);
                continue;
            }
            User old = existing.user();
            boolean sameHash = old.passwordHash().equals(user.passwordHash()) || fingerprint.equals(existing.fingerprint());
            User wanted = build(old.id(), user.spec(), sameHash ? old.passwordHash() : user.passwordHash(),
                    old.updatedAt(), user.disabled());
            List<String> differences = differences(old, wanted, user.id());
            if (differences.isEmpty()) {
                results.add(Imported.UNCHANGED);
            } else if (!update) {
                results.add(Imported.conflict("user '" + old.username() + "' exists with a different "
                        + String.join(", ", differences) + " (--update replaces it)"));
            } else {
                UserStore.Imported row = new UserStore.Imported(wanted, fingerprint);
                // the same username earlier in this batch: the later record wins
                Integer index = addedAt.get(key);
                if (index != null) {
                    added.set(index, row);
                } else if ((index = replacedAt.get(key)) != null) {
                    replaced.set(index, row);
                } else {
                    replacedAt.put(key, replaced.size());
                    replaced.add(row);
                }
                byKey.put(key, row);
                results.add(Imported.UPDATED);
            }
        }
        if (!dryRun && (!added.isEmpty() || !replaced.isEmpty())) {
            store.importBatch(added, replaced);
        }
        return results;
    }

    /**
     * Refuses, naming the field, a user an import cannot store: no username, a value longer than
     * its column, a hash this server cannot verify, or a weak one unless {@code allowWeakHashes}.
     */
    public void checkImport(UserImport user, boolean allowWeakHashes) {
        UserSpec spec = user.spec();
        validate(spec);
        if (user.id() != null && (user.id().isBlank() || user.id().length() > 36)) {
            throw new AdminException.Invalid("id", "must be 1 to 36 characters");
        }
        Limits.check("username", spec.username(), 255);
        if (spec.scopes() != null) {
            for (String scope : spec.scopes()) {
                if (scope.isEmpty() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
                    throw new AdminException.Invalid("scopes", "holds '" + scope + "', which is no scope token (RFC 6749 3.3)");
                }
            }
            Limits.check("scopes", String.join(" ", spec.scopes()), 4096);
        }
        Profile p = spec.profile() == null ? Profile.EMPTY : spec.profile();
        Limits.check("email", p.email(), 320);
        Limits.check("name", p.name(), 255);
        Limits.check("given_name", p.givenName(), 255);
        Limits.check("family_name", p.familyName(), 255);
        Limits.check("phone_number", p.phoneNumber(), 64);
        Limits.check("address", p.address(), 1024);
        if (user.passwordHash() == null || user.passwordHash().isEmpty()) {
            throw new AdminException.Invalid("password_hash", "is required");
        }
        Limits.check("password_hash", user.passwordHash(), 512);
        if (!hasher.isSupported(user.passwordHash())) {
            throw new AdminException.Invalid("password_hash", UNSUPPORTED_HASH);
        }
        if (!allowWeakHashes && hasher.isWeak(user.passwordHash())) {
            throw new AdminException.Invalid("password_hash",
                    "is a salted fast digest (weak): import it only with --allow-weak-hashes");
        }
    }

    /** Whether the hash is a weak one (a salted fast digest) an import brought, not yet replaced by a login. */
    public boolean isWeakHash(String passwordHash) {
        return hasher.isWeak(passwordHash);
    }

    private static List<String> differences(User old, User wanted, String importedId) {
        List<String> fields = new ArrayList<>();
        if (importedId != null && !importedId.equals(old.id())) {
            fields.add("id");
        }
        if (!old.username().equals(wanted.username())) {
            fields.add("username");
        }
        if (!old.passwordHash().equals(wanted.passwordHash())) {
            fields.add("password_hash");
        }
        if (!old.scopes().equals(wanted.scopes())) {
            fields.add("scopes");
        }
        if (!old.profile().equals(wanted.profile())) {
            fields.add("profile");
        }
        if (old.disabled() != wanted.disabled()) {
            fields.add("disabled");
        }
        return fields;
    }

    /**
     * Every user as stored, password hash included, in username order, for an export to write;
     * read a page at a time, so any number of users passes through little memory.
     */
    public void forEachStored(Consumer<User> action) {
        String after = null;
        List<User> page;
        do {
            page = store.search("", after, MAX_PAGE);
            page.forEach(action);
            after = page.isEmpty() ? null : User.key(page.get(page.size() - 1).username());
        } while (page.size() == MAX_PAGE);
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
                existing.map(User::updatedAt).orElse(0L), existing.map(User::disabled).orElse(false));
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
        store.save(build(user.id(), spec, user.passwordHash(), user.updatedAt(), user.disabled()));
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
        User user = build(UUID.randomUUID().toString(), spec, hash, 0, false);
        store.save(user);
        return get(user.username());
    }

    private User stored(String username) {
        return store.findByUsername(username).orElseThrow(() -> new AdminException.NotFound("no user '" + username + "'"));
    }

    private String supported(String passwordHash) {
        if (!hasher.isSupported(passwordHash)) {
            throw new AdminException.Invalid("password_hash", UNSUPPORTED_HASH);
        }
        if (hasher.isWeak(passwordHash)) {
            throw new AdminException.Invalid("password_hash",
                    "is a salted fast digest: only an import with --allow-weak-hashes takes one");
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

    private static User build(String id, UserSpec spec, String hash, long updatedAt, boolean disabled) {
        return new User(id, spec.username(), hash,
                new LinkedHashSet<>(Objects.requireNonNullElse(spec.scopes(), List.of())), spec.profile(), updatedAt,
                disabled);
    }

    private static Identity identity(User user) {
        return DatabaseDirectory.identity(user);
    }
}
