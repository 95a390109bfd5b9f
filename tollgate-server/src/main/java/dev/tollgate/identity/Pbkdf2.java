package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 (RFC 8018) with HMAC-SHA1, -SHA256 or -SHA512 at any iteration count, computed by Bouncy
 * Castle, in the forms other systems store it:
 * <ul>
 *   <li>PHC strings {@code $pbkdf2-sha256$i=<n>,l=<bytes>$<salt>$<hash>} (Auth0, Keycloak's
 *       credentials once imported), also {@code -sha1} and {@code -sha512};
 *   <li>passlib's {@code $pbkdf2-sha256$<n>$<salt>$<hash>} ({@code $pbkdf2$} for SHA-1), whose
 *       base64 writes {@code .} for {@code +};
 *   <li>Django's {@code pbkdf2_sha256$<n>$<salt>$<hash>}, whose salt is text, used as its UTF-8 bytes.
 * </ul>
 * The key length is the length of the stored hash. Verified only.
 */
final class Pbkdf2 implements HashFormat {
    static final int MAX_ITERATIONS = 10_000_000;

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith("$pbkdf2$") || encoded.startsWith("$pbkdf2-sha")
                || encoded.startsWith("pbkdf2_sha1$") || encoded.startsWith("pbkdf2_sha256$");
    }

    @Override
    public boolean readable(String encoded) {
        return Parsed.of(encoded) != null;
    }

    @Override
    public boolean verify(String password, String encoded) {
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(parsed.digest().get());
        generator.init(password.getBytes(StandardCharsets.UTF_8), parsed.salt(), parsed.iterations());
        byte[] actual = ((KeyParameter) generator.generateDerivedParameters(parsed.hash().length * 8)).getKey();
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    private record Parsed(Supplier<Digest> digest, int iterations, byte[] salt, byte[] hash) {
        static Parsed of(String encoded) {
            try {
                Parsed parsed = encoded.startsWith("$") ? phc(encoded) : django(encoded);
                if (parsed == null || parsed.iterations() < 1 || parsed.iterations() > MAX_ITERATIONS
                        || parsed.hash().length < 16 || parsed.hash().length > 256) {
                    return null;
                }
                return parsed;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static Parsed phc(String encoded) {
            String[] fields = PhcString.fields(encoded, 4);
            if (fields == null) {
                return null;
            }
            Supplier<Digest> digest = digest(fields[0].equals("pbkdf2") ? "sha1" : fields[0].replace("pbkdf2-", ""));
            if (digest == null) {
                return null;
            }
            int iterations;
            byte[] hash = PhcString.base64(fields[3]);
            if (fields[1].contains("=")) {
                Map<String, String> params = PhcString.params(fields[1]);
                iterations = PhcString.intParam(params, "i");
                if (params.containsKey("l") && PhcString.intParam(params, "l") != hash.length) {
                    return null;
                }
            } else {
                iterations = Integer.parseInt(fields[1]);
            }
            return new Parsed(digest, iterations, PhcString.base64(fields[2]), hash);
        }

        private static Parsed django(String encoded) {
            String[] fields = encoded.split("\\$", -1);
            if (fields.length != 4) {
                return null;
            }
            Supplier<Digest> digest = digest(fields[0].replace("pbkdf2_", ""));
            if (digest == null || fields[2].isEmpty()) {
                return null;
            }
            return new Parsed(digest, Integer.parseInt(fields[1]), fields[2].getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(fields[3]));
        }

        private static Supplier<Digest> digest(String name) {
            return switch (name) {
                case "sha1" -> SHA1Digest::new;
                case "sha256" -> SHA256Digest::new;
                case "sha512" -> SHA512Digest::new;
                default -> null;
            };
        }
    }
}
