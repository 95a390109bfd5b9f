package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A salted fast digest, as Auth0's bulk import takes them in {@code custom_password_hash}:
 * {@code $salted-<sha256|sha512|sha1|md5>$<prefix|suffix>$<salt>$<digest>}, salt and digest in
 * base64, the salt placed before or after the password's UTF-8 bytes. Weak: a leaked table of
 * these can be guessed at billions per second, so such users are flagged and rehashed at their
 * next login.
 */
final class SaltedDigest implements HashFormat {
    private static final String PREFIX = "$salted-";

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith(PREFIX);
    }

    @Override
    public boolean readable(String encoded) {
        return Parsed.of(encoded) != null;
    }

    @Override
    public boolean weak() {
        return true;
    }

    @Override
    public boolean verify(String password, String encoded) {
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        MessageDigest digest = parsed.digest();
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (parsed.prefix()) {
            digest.update(parsed.salt());
            digest.update(bytes);
        } else {
            digest.update(bytes);
            digest.update(parsed.salt());
        }
        return MessageDigest.isEqual(digest.digest(), parsed.hash());
    }

    private record Parsed(MessageDigest digest, boolean prefix, byte[] salt, byte[] hash) {
        static Parsed of(String encoded) {
            String[] fields = PhcString.fields(encoded, 4);
            if (fields == null || !("prefix".equals(fields[1]) || "suffix".equals(fields[1]))) {
                return null;
            }
            String algorithm = switch (fields[0]) {
                case "salted-sha256" -> "SHA-256";
                case "salted-sha512" -> "SHA-512";
                case "salted-sha1" -> "SHA-1";
                case "salted-md5" -> "MD5";
                default -> null;
            };
            if (algorithm == null) {
                return null;
            }
            try {
                MessageDigest digest = MessageDigest.getInstance(algorithm);
                byte[] hash = PhcString.base64(fields[3]);
                if (hash.length != digest.getDigestLength()) {
                    return null;
                }
                return new Parsed(digest, "prefix".equals(fields[1]), PhcString.base64(fields[2]), hash);
            } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
                return null;
            }
        }
    }
}
