package dev.tollgate.oauth.clientauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a secret the server generated is stored: {@code sha256:} and the hex SHA-256 of the secret.
 * Such a secret has 256 random bits, which no one can search through however fast each guess is,
 * so a slow hash would buy nothing and cost one Argon2id run per wrong guess that anyone may send.
 * Secrets chosen by hand are stored as Argon2id hashes instead; the prefix tells the two apart.
 */
public final class GeneratedSecretHash {
    static final String PREFIX = "sha256:";

    private GeneratedSecretHash() {}

    public static String of(String secret) {
        return PREFIX + HexFormat.of().formatHex(digest(secret));
    }

    public static boolean recognizes(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Compares in constant time; false for a stored value that is not a well-formed digest. */
    static boolean matches(String presented, String stored) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(stored, PREFIX.length(), stored.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return expected.length == 32 && MessageDigest.isEqual(expected, digest(presented));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
