package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Imported Argon2 hashes in PHC strings that the configured {@link Argon2id} does not make:
 * Argon2i, Argon2d, and Argon2id of version 0x10 ({@code v=16}, or no version field, as the
 * reference implementation writes it). Computed by Bouncy Castle; verified only.
 */
final class Argon2Variants implements HashFormat {
    /** 1 GiB: beyond what one login may take. */
    static final int MAX_MEMORY_KIB = 1 << 20;
    static final int MAX_ITERATIONS = 1000;

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith("$argon2i$") || encoded.startsWith("$argon2d$")
                || (encoded.startsWith("$argon2id$") && !encoded.startsWith("$argon2id$v=19$"));
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
        Argon2Parameters params = new Argon2Parameters.Builder(parsed.type())
                .withVersion(parsed.version())
                .withMemoryAsKB(parsed.memoryKib())
                .withIterations(parsed.iterations())
                .withParallelism(parsed.parallelism())
                .withSalt(parsed.salt())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] actual = new byte[parsed.hash().length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), actual);
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    private record Parsed(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
            byte[] hash) {
        static Parsed of(String encoded) {
            String[] fields = PhcString.fields(encoded, encoded.contains("$v=") ? 5 : 4);
            if (fields == null) {
                return null;
            }
            Integer type = switch (fields[0]) {
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                default -> null;
            };
            if (type == null) {
                return null;
            }
            int next = 1;
            int version = Argon2Parameters.ARGON2_VERSION_10;
            try {
                if (fields.length == 5) {
                    version = switch (fields[next++]) {
                        case "v=16" -> Argon2Parameters.ARGON2_VERSION_10;
                        case "v=19" -> Argon2Parameters.ARGON2_VERSION_13;
                        default -> throw new IllegalArgumentException("version");
                    };
                }
                Map<String, String> params = PhcString.params(fields[next++]);
                int m = PhcString.intParam(params, "m");
                int t = PhcString.intParam(params, "t");
                int p = PhcString.intParam(params, "p");
                byte[] salt = PhcString.base64(fields[next++]);
                byte[] hash = PhcString.base64(fields[next]);
                if (p < 1 || p > 255 || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB
                        || salt.length < 8 || hash.length < 4 || hash.length > 1024) {
                    return null;
                }
                return new Parsed(type, version, m, t, p, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
