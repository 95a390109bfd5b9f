package dev.tollgate.http.admin;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Entity tags of admin resources: a hash of the representation, so every node computes the same
 * tag for the same state. A change with {@code If-Match} goes ahead only when the tag matches (RFC
 * 9110 section 13.1.1), else 412.
 */
final class Etags {
    private Etags() {}

    static String of(Object representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(representation));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses the change unless the request's {@code If-Match}, when it sends one, names {@code current}. */
    static void require(Context ctx, String current) {
        String header = ctx.header("If-Match");
        if (header == null || header.trim().equals("*")) {
            return;
        }
        for (String tag : header.split(",")) {
            // strong comparison: a weak tag never matches
            if (tag.trim().equals(current)) {
                return;
            }
        }
        throw new ApiProblem(412, "precondition-failed", "Precondition failed",
                "the resource has changed since it was read (If-Match does not match its ETag); read it again");
    }
}
