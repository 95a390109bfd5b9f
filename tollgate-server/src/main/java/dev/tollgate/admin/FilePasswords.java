package dev.tollgate.admin;

import dev.tollgate.identity.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints of the password a {@link Users#put} was given, so the next put can tell whether it
 * changed. A ready hash is fingerprinted by its SHA-256 (it is no secret of the strength of a
 * password); a password by an Argon2id hash of it, never by a fast digest.
 */
final class FilePasswords {
    private static final String SHA256 = "sha256:";
    private static final HexFormat HEX = HexFormat.of();
    /** One per thread: an import fingerprints a million hashes, and looking up the provider each time cost more than the digest. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    });

    private FilePasswords() {}

    static String ofHash(String passwordHash) {
        byte[] digest = DIGEST.get().digest(passwordHash.getBytes(StandardCharsets.UTF_8));
        return SHA256 + HEX.formatHex(digest);
    }

    /** Whether {@code password} or {@code passwordHash} (one of them is set) is what the fingerprint was made of. */
    static boolean same(PasswordHasher hasher, String fingerprint, String password, String passwordHash) {
        if (passwordHash != null) {
            return MessageDigest.isEqual(fingerprint.getBytes(StandardCharsets.UTF_8),
                    ofHash(passwordHash).getBytes(StandardCharsets.UTF_8));
        }
        return password != null && !fingerprint.startsWith(SHA256) && hasher.verify(password, fingerprint);
    }
}
