package dev.tollgate.http;

import dev.tollgate.oauth.BearerChallenge;
import java.util.Locale;
import java.util.regex.Pattern;

/** The access token of an {@code Authorization: Bearer} header (RFC 6750 section 2.1). */
public final class BearerHeader {
    /** RFC 6750 section 2.1: {@code b64token}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private BearerHeader() {}

    /** The token; null for no header or another scheme; a malformed Bearer header is {@code invalid_request}. */
    public static String token(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = space < 0 ? "" : trimmed.substring(space + 1).trim();
        if (!B64TOKEN.matcher(token).matches()) {
            throw BearerChallenge.invalidRequest("malformed Authorization header; send Bearer <token>");
        }
        return token;
    }
}
