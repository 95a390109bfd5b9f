package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Auth0's {@code custom_password_hash} as the hash string Tollgate stores: {@code argon2},
 * {@code bcrypt} and {@code pbkdf2} (PHC strings) as they are; {@code scrypt} with its
 * parameters ({@code keylen}, {@code cost}, {@code blockSize}, {@code parallelization}) as a PHC
 * string; {@code sha256}, {@code sha512}, {@code sha1} and {@code md5} with their salt and its
 * position as a {@code $salted-...$} string, which only {@code --allow-weak-hashes} admits.
 */
final class Auth0Hashes {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private Auth0Hashes() {}

    static String stored(JsonNode custom) {
        String algorithm = Json.requiredText(custom, "algorithm");
        JsonNode hash = Json.object(custom, "hash");
        if (hash == null) {
            throw new FieldError("custom_password_hash.hash", "is required");
        }
        JsonNode password = Json.object(custom, "password");
        if (password != null && Json.text(password, "encoding") != null
                && !"utf8".equals(Json.text(password, "encoding"))) {
            throw new FieldError("custom_password_hash.password.encoding", "must be utf8 (other encodings are not supported)");
        }
        String value = Json.text(hash, "value");
        if (value == null || value.isEmpty()) {
            throw new FieldError("custom_password_hash.hash.value", "is required");
        }
        return switch (algorithm) {
            case "argon2", "bcrypt", "pbkdf2" -> value;
            case "scrypt" -> scrypt(custom, hash);
            case "sha256", "sha512", "sha1", "md5" -> "$salted-" + algorithm + "$" + salted(custom, hash);
            default -> throw new FieldError("custom_password_hash.algorithm",
                    "'" + algorithm + "' is not supported (argon2, bcrypt, pbkdf2, scrypt, sha256, sha512, sha1, md5)");
        };
    }

    private static String salted(JsonNode custom, JsonNode hash) {
        byte[] digest = decode(Json.text(hash, "value"), Json.text(hash, "encoding"), "hex", "custom_password_hash.hash");
        JsonNode salt = Json.object(custom, "salt");
        byte[] saltBytes = new byte[0];
        String position = "prefix";
        if (salt != null) {
            saltBytes = decode(Json.requiredText(salt, "value"), Json.text(salt, "encoding"), "utf8",
                    "custom_password_hash.salt");
            position = Json.text(salt, "position");
            if (!"prefix".equals(position) && !"suffix".equals(position)) {
                throw new FieldError("custom_password_hash.salt.position", "must be prefix or suffix");
            }
        }
        return position + "$" + B64.encodeToString(saltBytes) + "$" + B64.encodeToString(digest);
    }

    private static String scrypt(JsonNode custom, JsonNode hash) {
        byte[] derived = decode(Json.text(hash, "value"), Json.text(hash, "encoding"), "hex", "custom_password_hash.hash");
        JsonNode salt = Json.object(custom, "salt");
        if (salt == null) {
            throw new FieldError("custom_password_hash.salt", "is required for scrypt");
        }
        byte[] saltBytes = decode(Json.requiredText(salt, "value"), Json.text(salt, "encoding"), "utf8",
                "custom_password_hash.salt");
        long keylen = number(custom, "keylen", 64);
        long cost = number(custom, "cost", 16384);
        long blockSize = number(custom, "blockSize", 8);
        long parallelization = number(custom, "parallelization", 1);
        if (keylen != derived.length) {
            throw new FieldError("custom_password_hash.keylen", "is not the length of the hash");
        }
        if (cost < 2 || Long.bitCount(cost) != 1) {
            throw new FieldError("custom_password_hash.cost", "must be a power of 2");
        }
        return "$scrypt$ln=" + Long.numberOfTrailingZeros(cost) + ",r=" + blockSize + ",p=" + parallelization + "$"
                + B64.encodeToString(saltBytes) + "$" + B64.encodeToString(derived);
    }

    private static long number(JsonNode node, String field, long otherwise) {
        Long value;
        try {
            value = Json.optionalLong(node, field);
        } catch (FieldError e) {
            throw new FieldError("custom_password_hash." + field, e.reason);
        }
        return value == null ? otherwise : value;
    }

    private static byte[] decode(String value, String encoding, String otherwise, String field) {
        String used = encoding == null ? otherwise : encoding;
        try {
            return switch (used) {
                case "hex" -> HexFormat.of().parseHex(value.toLowerCase(java.util.Locale.ROOT));
                case "base64" -> Base64.getDecoder().decode(value);
                case "utf8" -> value.getBytes(StandardCharsets.UTF_8);
                default -> throw new FieldError(field + ".encoding", "must be hex, base64 or utf8");
            };
        } catch (IllegalArgumentException e) {
            throw new FieldError(field + ".value", "is not " + used);
        }
    }
}
