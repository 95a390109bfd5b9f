package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated malformed requests, written byte by byte to a socket, against every
 * endpoint: random bytes, broken encodings, NULs, huge and deeply nested JSON, thousands of
 * parameters, long and many headers, every content type. None may get a 5xx or hang, every answer
 * carries the security headers, the server still serves a valid request afterwards and nothing
 * reached the database.
 */
class HostileInputTest {
    static final int REQUESTS = 3000;
    static final List<String> PATHS = List.of("/oauth/token", "/token", "/oauth2/v1/token",
            "/.well-known/oauth-authorization-server", "/.well-known/jwks.json", "/health/live", "/health/ready",
            "/no-such-path", "/");
    static final List<String> METHODS = List.of("POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "HEAD",
            "OPTIONS", "TRACE", "CONNECT", "FOO", "post");
    static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/json", "application/json; charset=utf-16", "multipart/form-data; boundary=XyZ",
            "multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=XyZ", "text/plain",
            "application/xml", "application/octet-stream", "*/*", "application/x-www-form-urlencoded;;;==;\"",
            "\u00ff\u00fe", "x".repeat(3000), "");
    static final List<String> TABLES = List.of("clients", "users", "refresh_tokens", "signing_keys", "login_failures");

    final long seed = Long.getLong("fuzz.seed", System.nanoTime());

    @Test
    void malformedRequestsGetNo5xxNoHangAndWriteNothing() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("brute_force.ip_requests_per_minute", "0"))) {
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            Map<String, Long> rowsBefore = rows(server);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> problems = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                long requestSeed = seed + i;
                problems.add(pool.submit(() -> check(server, requestSeed)));
            }
            List<String> found = new ArrayList<>();
            for (Future<String> problem : problems) {
                if (problem.get() != null) {
                    found.add(problem.get());
                }
            }
            pool.shutdown();
            assertThat(found).as("fuzz seed %d (rerun with -Dfuzz.seed=%d)", seed, seed).isEmpty();

            assertThat(server.passwordGrant("alice", "alice-password").status()).as("serves afterwards").isEqualTo(200);
            Map<String, Long> rowsAfter = rows(server);
            rowsAfter.merge("refresh_tokens", -1L, Long::sum);
            assertThat(rowsAfter).as("rows written by failed requests").isEqualTo(rowsBefore);
        }
    }

    @Test
    void tokenWhenHeadersTooLargeThenJettyAnswers431InOurShapeWithoutBanner() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE)) {
            Answer tooLarge = send(server.tollgate.port(), utf8("POST /oauth/token HTTP/1.1\r\nHost: x\r\nX-Long: "
                    + "a".repeat(9000) + "\r\n\r\n"));
            assertThat(tooLarge.status()).isEqualTo(431);
            assertThat(tooLarge.head()).containsIgnoringCase("\ncontent-type: application/json")
                    .containsIgnoringCase("\nx-content-type-options: nosniff")
                    .containsIgnoringCase("\ncache-control: no-store")
                    .doesNotContainIgnoringCase("\nserver:");
            Answer badVersion = send(server.tollgate.port(), utf8("GET /health/live HTTP/9.9\r\n\r\n"));
            assertThat(badVersion.status()).as("an unknown HTTP version is the client's error").isEqualTo(400);
            Answer longUri = send(server.tollgate.port(), utf8("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(longUri.status()).isIn(414, 431);
            assertThat(longUri.head()).containsIgnoringCase("\nx-content-type-options: nosniff");
        }
    }

    static Map<String, Long> rows(TestServer server) {
        Map<String, Long> rows = new LinkedHashMap<>();
        TABLES.forEach(table -> rows.put(table, server.count(table)));
        return rows;
    }

    /** Sends one generated request; null when the answer is acceptable, else what was wrong. */
    static String check(TestServer server, long requestSeed) {
        Random random = new Random(requestSeed);
        Generated request = generate(random);
        Answer answer;
        try {
            answer = send(server.tollgate.port(), request.bytes());
        } catch (SocketTimeoutException e) {
            return "hung: " + request.describe();
        } catch (IOException e) {
            // the server may drop a connection that sent garbage; that is an answer too
            return null;
        }
        if (answer.status() == 0) {
            return null;
        }
        if (answer.status() >= 500) {
            return answer.status() + " for " + request.describe() + ": " + answer.head();
        }
        String head = answer.head().toLowerCase(Locale.ROOT);
        if (!head.contains("\nx-content-type-options: nosniff")) {
            return "no nosniff for " + request.describe() + ": " + answer.head();
        }
        if (head.contains("\nserver:")) {
            return "server banner for " + request.describe() + ": " + answer.head();
        }
        if (request.tokenPath() && !head.contains("\ncache-control: no-store")) {
            return "no Cache-Control: no-store for " + request.describe() + ": " + answer.head();
        }
        return null;
    }

    record Generated(String kind, String method, String path, byte[] bytes) {
        boolean tokenPath() {
            return path.contains("token");
        }

        String describe() {
            return kind + " " + method + " " + path + " (" + bytes.length + " bytes): "
                    + new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1)
                    .replaceAll("[^\\x20-\\x7e]", "?");
        }
    }

    record Answer(int status, String head, String body) {}

    static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading everything we send
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                response.write(buffer, 0, n);
            }
            String text = response.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                return new Answer(0, text, "");
            }
            int end = text.indexOf("\r\n\r\n");
            String head = (end < 0 ? text : text.substring(0, end)).replace("\r\n", "\n");
            return new Answer(Integer.parseInt(text.substring(9, 12)), head, end < 0 ? "" : text.substring(end + 4));
        }
    }

    static Generated generate(Random random) {
        String path = pick(random, PATHS);
        String method = pick(random, METHODS);
        int kind = random.nextInt(10);
        if (kind == 0) {
            return new Generated("raw-bytes", "-", "-", bytes(random, random.nextInt(4096) + 1));
        }
        if (kind == 1) {
            return new Generated("broken-request-line", method, path, brokenRequestLine(random, method, path));
        }
        String contentType = pick(random, CONTENT_TYPES);
        Body body = BODIES.get(random.nextInt(BODIES.size())).apply(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " " + path + query(random) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (!contentType.isEmpty() || random.nextBoolean()) {
            write(out, "Content-Type: " + contentType + "\r\n");
        }
        String authorization = authorization(random, body.mayAuthenticate());
        if (authorization != null) {
            write(out, "Authorization: " + authorization + "\r\n");
        }
        extraHeaders(random, out, body.bytes().length);
        write(out, "\r\n");
        out.writeBytes(body.bytes());
        return new Generated(body.name(), method, path, out.toByteArray());
    }

    /**
     * A body, and whether the valid client credentials may go with it: only with bodies that can
     * never be a complete password grant, so no fuzzed request reaches a password check.
     */
    record Body(String name, byte[] bytes, boolean mayAuthenticate) {}

    static final String BOUNDARY = "XyZ";

    static final List<Function<Random, Body>> BODIES = List.of(
            r -> new Body("random-body", bytes(r, r.nextInt(4096)), true),
            r -> new Body("empty", new byte[0], true),
            r -> new Body("bad-percent", utf8("grant_type=password&username=%" + hex(r) + "&password=%zz%"), true),
            r -> new Body("nul", utf8("grant_type=password&username=al\u0000ice&password=x\u0000"), true),
            r -> new Body("nul-escaped", utf8("grant_type=password&username=alice%00&password=%00"), true),
            r -> new Body("bad-utf8", concat(utf8("grant_type=password&username="), new byte[] {(byte) 0xc3, 0x28,
                    (byte) 0xff, (byte) 0xfe}, utf8("&password=x")), true),
            r -> new Body("many-params", utf8(manyParams(100 + r.nextInt(5000))), true),
            r -> new Body("repeated", utf8("grant_type=password&grant_type=password&username=alice&password=x"), true),
            r -> new Body("oversized", bytes(r, 64 * 1024 + 1 + r.nextInt(10_000)), true),
            r -> new Body("long-scope", utf8("grant_type=password&username=alice&password=x&scope="
                    + "a".repeat(4097 + r.nextInt(20_000))), true),
            r -> new Body("bad-scope", utf8("grant_type=password&username=alice&password=x&scope=read%01%7F%22"), true),
            r -> new Body("nested-json-array", utf8("[".repeat(1000 + r.nextInt(60_000))), true),
            r -> new Body("nested-json-object", utf8("{\"a\":".repeat(1000 + r.nextInt(10_000))), true),
            r -> new Body("huge-json", utf8("{\"grant_type\":\"password\",\"username\":\"" + "a".repeat(70_000)
                    + "\"}"), true),
            r -> new Body("odd-json", utf8(pick(r, List.of(
                    "{\"grant_type\":1e999999,\"username\":{\"$ne\":null},\"password\":[true]}",
                    "{\"grant_type\":\"password\",\"username\":\"alice\",\"password\":\"\\u0000\"}",
                    "{\"grant_type\":\"password\"} trailing", "\"just a string\"", "null", "[]", "{", "}",
                    "{\"grant_type\":\"password\",\"grant_type\":\"password\"}",
                    "\ufeff{\"grant_type\":\"password\"}", "{\"\\ud800\":\"\\udfff\"}"))), true),
            r -> new Body("broken-multipart", utf8(pick(r, List.of(
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npassword",
                    "--" + BOUNDARY + "\r\n\r\n\r\n--" + BOUNDARY + "--",
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n",
                    "--other\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--other--\r\n",
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n"
                            + "data\r\n--" + BOUNDARY + "--\r\n"))), true),
            r -> new Body("many-parts", utf8(manyParts(101 + r.nextInt(400))), true),
            r -> new Body("mutated-grant", mutate(r, utf8(
                    "grant_type=password&username=alice&password=alice-password&scope=read")), false));

    static byte[] brokenRequestLine(Random random, String method, String path) {
        String line = pick(random, List.of(
                method + " " + path + " HTTP/9.9\r\n\r\n",
                method + " " + path + "\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\n",
                method + "  " + path + "  HTTP/1.1\r\nHost: x\r\n\r\n",
                method + " /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                method + " " + path + "%00%zz/../.. HTTP/1.1\r\nHost: x\r\n\r\n",
                method + " http://evil.example" + path + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-Long: " + "b".repeat(9000) + "\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + "X-Many: y\r\n".repeat(2000) + "\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nNo-Colon-Here\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n folded\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nabc",
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort"));
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextInt(4) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    static String query(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "?grant_type=password&username=alice&password=x";
            case 1 -> "?%zz=%";
            case 2 -> "?" + "q=1&".repeat(2000);
            default -> "";
        };
    }

    static String authorization(Random random, boolean mayAuthenticate) {
        List<String> choices = new ArrayList<>(List.of("Basic !!!notbase64",
                "Basic " + Base64.getEncoder().encodeToString(utf8("no-colon")),
                "Basic " + Base64.getEncoder().encodeToString(utf8(":")),
                "Basic " + Base64.getEncoder().encodeToString(utf8("app:wrong")),
                "Basic " + "A".repeat(6000), "Bearer abc.def.ghi", "Digest x=y", "Basic"));
        if (mayAuthenticate) {
            choices.add(TestServer.basic("app", "app-secret"));
            choices.add(TestServer.basic("app", "app-secret"));
        }
        return random.nextInt(4) == 0 ? null : pick(random, choices);
    }

    static void extraHeaders(Random random, ByteArrayOutputStream out, int bodyLength) {
        switch (random.nextInt(12)) {
            case 0 -> write(out, "Transfer-Encoding: chunked\r\n");
            case 1 -> write(out, "Content-Length: " + (bodyLength + 1 + random.nextInt(100)) + "\r\n");
            case 2 -> write(out, "Content-Length: " + Math.max(0, bodyLength - 1) + "\r\n");
            case 3 -> write(out, "X-Forwarded-For: " + pick(random, List.of("garbage", "1.2.3.4, ::1, nonsense",
                    "999.1.1.1", ",,,", "localhost")) + "\r\nContent-Length: " + bodyLength + "\r\n");
            case 4 -> write(out, "X-Huge: " + "h".repeat(9000) + "\r\nContent-Length: " + bodyLength + "\r\n");
            case 5 -> {
                write(out, "Content-Length: " + bodyLength + "\r\n");
                for (int i = 0; i < 300; i++) {
                    write(out, "X-Header-" + i + ": v\r\n");
                }
            }
            case 6 -> {
                write(out, "Content-Length: " + bodyLength + "\r\nX-Binary: ");
                out.writeBytes(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80});
                write(out, "\r\n");
            }
            default -> write(out, "Content-Length: " + bodyLength + "\r\n");
        }
    }

    static String manyParams(int count) {
        StringBuilder body = new StringBuilder("grant_type=password");
        for (int i = 0; i < count; i++) {
            body.append("&p").append(i).append("=v");
        }
        return body.toString();
    }

    static String manyParts(int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"p").append(i)
                    .append("\"\r\n\r\nv\r\n");
        }
        return body.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    static byte[] mutate(Random random, byte[] valid) {
        byte[] bytes = valid.clone();
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    static String hex(Random random) {
        return Integer.toHexString(random.nextInt());
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
