package dev.tollgate.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Hashes new passwords with Argon2id at the configured cost and verifies every stored format we
 * accept (Argon2id at any cost, bcrypt). A hash in another format or at another cost "needs
 * rehash": it is replaced after the next successful login.
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
        this.formats = List.of(argon2id, new Bcrypt());
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
     * the configured cost: a bcrypt hash, one at a cheaper cost or a malformed one would otherwise
     * answer sooner, and tell those users apart from unknown ones by timing.
     */
    public boolean verify(String password, String encoded) {
        if (argon2id.hasCurrentCost(encoded)) {
            return argon2id.verify(password, encoded);
        }
        argon2id.verify(password, dummyHash);
        for (HashFormat format : formats) {
            if (format.recognizes(encoded)) {
                return format.verify(password, encoded);
            }
        }
        return false;
    }

    public boolean isSupported(String encoded) {
        return formats.stream().anyMatch(f -> f.recognizes(encoded));
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
