package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id (RFC 9106) computed by an {@link Argon2Engine} (libargon2 or Bouncy Castle), stored
 * in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} with unpadded base64.
 */
final class Argon2id implements HashFormat {
    private static final String PREFIX = "$argon2id$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Cost cost;
    private final Argon2Engine engine;
    private final SecureRandom random = new SecureRandom();

    /** Memory in KiB, iterations and lanes. */
    record Cost(int memoryKib, int iterations, int parallelism) {}

    Argon2id(Cost cost, Argon2Engine engine) {
        this.cost = cost;
        this.engine = engine;
    }

    String engineName() {
        return engine.name();
    }

    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, cost, HASH_BYTES);
        return PREFIX + "v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean recognizes(String encoded) {
        // other versions are read by Argon2Variants
        return encoded.startsWith(PREFIX + "v=19$");
    }

    @Override
    public boolean readable(String encoded) {
        Parsed parsed = Parsed.of(encoded);
        return parsed != null && parsed.cost().memoryKib() <= Argon2Variants.MAX_MEMORY_KIB
                && parsed.cost().iterations() <= Argon2Variants.MAX_ITERATIONS;
    }

    @Override
    public boolean verify(String password, String encoded) {
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = derive(password, parsed.salt(), parsed.cost(), parsed.hash().length);
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    /** True when the hash is an Argon2id hash made with this instance's cost. */
    boolean hasCurrentCost(String encoded) {
        Parsed parsed = Parsed.of(encoded);
        return parsed != null && parsed.cost().equals(cost) && parsed.hash().length == HASH_BYTES;
    }

    private byte[] derive(String password, byte[] salt, Cost cost, int length) {
        return engine.derive(password.getBytes(StandardCharsets.UTF_8), salt, cost, length);
    }

    private record Parsed(Cost cost, byte[] salt, byte[] hash) {
        /** Null when the string is not a well-formed version-19 Argon2id PHC string. */
        static Parsed of(String encoded) {
            String[] parts = encoded.split("\\$", -1);
            // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
            if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
                return null;
            }
            String[] params = parts[3].split(",", -1);
            if (params.length != 3) {
                return null;
            }
            try {
                int m = value(params[0], "m=");
                int t = value(params[1], "t=");
                int p = value(params[2], "p=");
                byte[] salt = B64_DECODER.decode(parts[4]);
                byte[] hash = B64_DECODER.decode(parts[5]);
                if (p < 1 || p > 255 || t < 1 || m < 8 * p || salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Parsed(new Cost(m, t, p), salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static int value(String param, String name) {
            if (!param.startsWith(name)) {
                throw new IllegalArgumentException(name);
            }
            return Integer.parseInt(param.substring(name.length()));
        }
    }
}
