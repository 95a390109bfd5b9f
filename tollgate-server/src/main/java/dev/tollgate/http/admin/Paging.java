package dev.tollgate.http.admin;

import dev.tollgate.admin.Page;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cursor paging: {@code limit} (1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}) and an
 * opaque {@code cursor} naming the last item of the previous page, so rows added meanwhile never
 * repeat or hide an item. The response lists {@code items} and, unless it is the last page, the
 * {@code next} link, also sent as a {@code Link} header (RFC 8288).
 */
final class Paging {
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 50;

    private Paging() {}

    static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The key the cursor stands for, or null for the first page. */
    static String cursor(Context ctx) {
        String value = ctx.queryParam("cursor");
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this list gave");
        }
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A page whose next key is a plain key (encoded here), with its items rendered. */
    static <T> void respond(Context ctx, Page<T> page, Function<T, ?> render) {
        respond(ctx, page.items().stream().<Object>map(render).toList(), page.next() == null ? null : encode(page.next()));
    }

    /** The items after {@code after} in a list sorted by key, at most {@code limit}. */
    static <T> Page<T> slice(List<T> sorted, Function<T, String> key, String after, int limit) {
        List<T> rest = sorted.stream().filter(item -> after == null || key.apply(item).compareTo(after) > 0).toList();
        List<T> page = rest.stream().limit(limit).toList();
        return new Page<>(page, rest.size() > limit ? key.apply(page.get(limit - 1)) : null);
    }

    static void respond(Context ctx, List<Object> items, String nextCursor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        if (nextCursor != null) {
            String next = nextLink(ctx, nextCursor);
            body.put("next", next);
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
        Responses.json(ctx, 200, body);
    }

    private static String nextLink(Context ctx, String cursor) {
        StringBuilder link = new StringBuilder(ctx.path()).append("?cursor=").append(cursor);
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(value -> link.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            }
        });
        return link.toString();
    }
}
