package dev.tollgate.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Hashes new passwords with Argon2id at the configured cost and verifies every stored format we
 * accept: Argon2id at any cost, and what imports bring (Argon2i and Argon2d, PBKDF2, bcrypt,
 * scrypt, and, flagged as weak, salted digests). A hash in another format or at another cost
 * "needs rehash": it is replaced after the next successful login.
 */
public final class PasswordHasher {
    private final Argon2id argon2id;
    private final List<HashFormat> formats;
    private final String dummyHash;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this(memoryKib, iterations, parallelism, true);
    }

    /**
     * @param nativeHashing compute Argon2id with libargon2 when it loads and passes its self-test;
     *     false, or when it does not, with Bouncy Castle. The stored hashes are the same either way.
     */
    public PasswordHasher(int memoryKib, int iterations, int parallelism, boolean nativeHashing) {
        Argon2Engine engine = nativeHashing
                ? NativeArgon2.shared().orElseGet(BouncyCastleArgon2::new)
                : new BouncyCastleArgon2();
        this.argon2id = new Argon2id(new Argon2id.Cost(memoryKib, iterations, parallelism), engine);
        this.formats = List.of(argon2id, new Argon2Variants(), new Bcrypt(), new Pbkdf2(), new Scrypt(),
                new SaltedDigest());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = argon2id.hash(Base64.getEncoder().encodeToString(random));
    }

    /** Loads and self-tests libargon2 now rather than at the first hasher that wants it. */
    public static void loadNative() {
        NativeArgon2.shared();
    }

    /** "libargon2" or "bouncycastle": what computes Argon2id in this process. */
    public String argon2Engine() {
        return argon2id.engineName();
    }

    public String hash(String password) {
        return argon2id.hash(password);
    }

    /**
     * Checks the password against the stored hash, and always takes at least the time of a hash at
     * the configured cost: an imported format (bcrypt, PBKDF2, a salted digest), Argon2id at a
     * cheaper cost or a malformed hash would otherwise answer sooner, and tell those users apart
     * from unknown ones by timing. So any hash but one at the configured cost is checked after a
     * check against the dummy hash.
     */
    public boolean verify(String password, String encoded) {
        if (argon2id.hasCurrentCost(encoded)) {
            return argon2id.verify(password, encoded);
        }
        argon2id.verify(password, dummyHash);
        HashFormat format = format(encoded);
        return format != null && format.verify(password, encoded);
    }

    /** Whether the hash is in a format verified here, well formed, with parameters a login can afford. */
    public boolean isSupported(String encoded) {
        HashFormat format = format(encoded);
        return format != null && format.readable(encoded);
    }

    /** Whether the hash is a fast salted digest, accepted only when an import allows weak hashes. */
    public boolean isWeak(String encoded) {
        HashFormat format = format(encoded);
        return format != null && format.weak();
    }

    private HashFormat format(String encoded) {
        for (HashFormat format : formats) {
            if (format.recognizes(encoded)) {
                return format;
            }
        }
        return null;
    }

    public boolean needsRehash(String encoded) {
        return !argon2id.hasCurrentCost(encoded);
    }

    /**
     * A hash of an unknown random password at the configured cost: checking a password against it
     * costs what checking a real user's password costs, so an unknown username cannot be told apart
     * by timing.
     */
    public String dummyHash() {
        return dummyHash;
    }
}
