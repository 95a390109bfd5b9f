package dev.tollgate.http.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Values placed in a URL path segment (a client id may hold any character). */
final class Segments {
    private Segments() {}

    static String of(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
