package dev.tollgate.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Opaque token values (256 bits from a CSPRNG, base64url) and the SHA-256 under which they are stored. */
public final class OpaqueTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {}

    public static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Whether the value has the shape of a compact JWS (three dot-separated parts). */
    static boolean looksLikeJwt(String value) {
        // on every introspection: index scans, not a stream over the characters
        int first = value.indexOf('.');
        int second = first > 0 ? value.indexOf('.', first + 1) : -1;
        return second > first && value.indexOf('.', second + 1) < 0;
    }
}
