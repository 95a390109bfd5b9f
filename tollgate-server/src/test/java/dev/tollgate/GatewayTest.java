package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.Gateway;
import dev.tollgate.gateway.GatewayConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway between a real Tollgate (the issuer: tokens from the password and client credentials
 * grants, JWT and opaque APIs) and a real upstream HTTP server that records what reaches it.
 */
class GatewayTest {
    static final String ORDERS = "https://api.example.com/orders";
    static final String REPORTS = "https://api.example.com/reports";
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("orders:read", "orders:write", "orders:admin", "reports:read", "read"))
            .client("svc", "scopes", Toml.list("orders:read"), "grant_types", Toml.list("client_credentials"))
            .client("gateway", "scopes", Toml.list("read"), "can_introspect", true, "grant_types", Toml.list("client_credentials"))
            .api(ORDERS, "scopes", Toml.list("orders:read", "orders:write", "orders:admin"))
            .api(REPORTS, "scopes", Toml.list("reports:read"), "token_format", "opaque")
            .user("alice", "scopes", Toml.list("orders:read", "orders:write", "orders:admin", "reports:read", "read"))
            .toString();

    static final MovableClock clock = new MovableClock();
    static TestServer issuer;
    static Upstream upstream;
    static Gateway gateway;
    static Path dir;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = TestServer.start(CONFIG, Map.of(), clock);
        upstream = new Upstream();
        dir = Files.createTempDirectory("tollgate-gateway");
        gateway = Gateway.start(new GatewayConfigLoader().load(write(dir, gatewayToml(issuer.tollgate.issuer(), upstream.url())),
                Map.of(GatewayConfigLoader.SECRET_VARIABLE, "gateway-secret")));
        awaitReady();
    }

    static String gatewayToml(String issuerUrl, String upstreamUrl) {
        return """
                [gateway]
                host = "127.0.0.1"
                port = 0
                issuer = "%1$s"
                client_id = "gateway"
                introspection_cache_seconds = 4
                [gateway.metrics]
                port = 0

                [[gateway.routes]]
                path_prefix = "/orders"
                methods = ["GET"]
                upstream = "%2$s"
                audience = "%3$s"
                scopes = ["orders:read"]
                requests_per_minute = 600

                [[gateway.routes]]
                path_prefix = "/orders"
                methods = ["POST", "PUT"]
                upstream = "%2$s/v2"
                audience = "%3$s"
                scopes = ["orders:write"]
                forward_token = true

                [[gateway.routes]]
                path_prefix = "/orders/admin"
                upstream = "%2$s"
                scopes = ["orders:admin", "orders:read"]

                [[gateway.routes]]
                path_prefix = "/reports"
                methods = ["GET"]
                upstream = "%2$s/internal"
                audience = "%4$s"
                scopes = ["reports:read"]
                strip_prefix = true

                [[gateway.routes]]
                path_prefix = "/limited"
                upstream = "%2$s"
                requests_per_minute = 2

                [[gateway.routes]]
                path_prefix = "/revocable"
                upstream = "%2$s"
                check_revocation = true

                [[gateway.routes]]
                path_prefix = "/down"
                upstream = "http://127.0.0.1:%5$d"

                [[gateway.routes]]
                path_prefix = "/slow"
                upstream = "%2$s"
                upstream_timeout_ms = 500
                """.formatted(issuerUrl, upstreamUrl, ORDERS, REPORTS, closedPort());
    }

    static Path write(Path dir, String toml) throws IOException {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, toml);
        return file;
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitReady() throws InterruptedException {
        for (int i = 0; i < 100 && management("/health/ready").statusCode() != 200; i++) {
            Thread.sleep(100);
        }
        assertThat(management("/health/ready").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
        issuer.close();
        TestServer.delete(dir);
    }

    @BeforeEach
    void forget() {
        upstream.received.clear();
    }

    static String token(String extra) {
        return issuer.login("alice", "alice-password", extra).get("access_token").asText();
    }

    static String ordersToken(String scope) {
        return token("&audience=" + ORDERS + "&scope=" + scope);
    }

    static HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(gateway.localUrl() + path)).GET(), headers);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> management(String path) {
        return send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + path)).GET());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return TestServer.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void withoutATokenTheChallengeNamesTheRealmAndNothingGoesUpstream() {
        HttpResponse<String> response = get("/orders/7");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tollgate\"");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(get("/orders/7", "Authorization", TestServer.basic("app", "app-secret")).statusCode()).isEqualTo(401);
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void badExpiredOrForeignTokensAreInvalidToken() {
        String good = ordersToken("orders:read");
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        clock.advance(Duration.ofHours(-3));
        String expired;
        try {
            expired = ordersToken("orders:read");
        } finally {
            clock.advance(Duration.ofHours(3));
        }
        String otherAudience = token("&scope=orders:read");
        for (String token : List.of(tampered, expired, otherAudience, "not-a-token-at-all", "a.b.c")) {
            HttpResponse<String> response = get("/orders/7", "Authorization", bearer(token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"tollgate\", error=\"invalid_token\"");
            assertThat(json(response).get("error").asText()).isEqualTo("invalid_token");
        }
        assertThat(get("/orders/7", "Authorization", bearer(expired)).body()).contains("expired");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void aMissingScopeIsInsufficientScopeNamingWhatTheRouteNeeds() {
        HttpResponse<String> response = get("/orders/7", "Authorization", bearer(ordersToken("orders:write")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:read\"");
        assertThat(json(response).get("error").asText()).isEqualTo("insufficient_scope");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void theUpstreamGetsTheRequestAndWhoMadeIt() {
        HttpResponse<String> response = get("/orders/7?expand=lines&x=%20y", "Authorization", bearer(ordersToken("orders:read")),
                "X-Request-Id", "abc-123",
                "X-Tollgate-Subject", "admin", "X-Tollgate-Scope", "everything", "x-tollgate-username", "root",
                "X-Tollgate-Other", "spoofed", "X-Forwarded-For", "6.6.6.6");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("upstream GET /orders/7");
        assertThat(response.headers().firstValue("X-Upstream")).hasValue("yes");
        Upstream.Received received = upstream.only();
        assertThat(received.query()).isEqualTo("expand=lines&x=%20y");
        assertThat(received.header("X-Request-Id")).isEqualTo("abc-123");
        String alice = issuer.users().find("alice").orElseThrow().id();
        assertThat(received.headers().get("X-Tollgate-Subject")).containsExactly(alice);
        assertThat(received.headers().get("X-Tollgate-Username")).containsExactly("alice");
        assertThat(received.headers().get("X-Tollgate-Client-Id")).containsExactly("app");
        assertThat(received.headers().get("X-Tollgate-Scope")).containsExactly("orders:read");
        assertThat(received.header("X-Tollgate-Other")).as("every caller's X-Tollgate- header is dropped").isNull();
        assertThat(received.header("Authorization")).as("the route does not forward the token").isNull();
        assertThat(received.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
    }

    @Test
    void clientCredentialsTokensCarryNoUsername() {
        String token = issuer.form("/oauth/token", "grant_type=client_credentials&audience=" + ORDERS,
                "Authorization", TestServer.basic("svc", "svc-secret")).json().get("access_token").asText();
        assertThat(get("/orders", "Authorization", bearer(token)).statusCode()).isEqualTo(200);
        Upstream.Received received = upstream.only();
        assertThat(received.header("X-Tollgate-Client-Id")).isEqualTo("svc");
        assertThat(received.header("X-Tollgate-Subject")).isEqualTo("svc");
        assertThat(received.header("X-Tollgate-Username")).isNull();
    }

    @Test
    void bodiesAreStreamedAndTheTokenForwardedWhereTheRouteSaysSo() {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(body);
        String token = ordersToken("orders:write");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.localUrl() + "/orders?draft=1"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "Authorization", bearer(token),
                "Content-Type", "application/octet-stream");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("upstream POST /v2/orders");
        Upstream.Received received = upstream.only();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.query()).isEqualTo("draft=1");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(received.header("Authorization")).isEqualTo(bearer(token));
    }

    @Test
    void routesMatchByLongestPrefixAndMethod() {
        String readOnly = ordersToken("orders:read");
        assertThat(get("/orders/admin/users", "Authorization", bearer(readOnly)).statusCode())
                .as("/orders/admin is the longer prefix, and it needs orders:admin").isEqualTo(403);
        String admin = token("&scope=orders:admin%20orders:read");
        assertThat(get("/orders/admin/users", "Authorization", bearer(admin)).statusCode()).isEqualTo(200);
        assertThat(get("/orders-archive", "Authorization", bearer(readOnly)).statusCode())
                .as("a prefix matches whole segments").isEqualTo(404);
        HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(gateway.localUrl() + "/orders/7")).DELETE(),
                "Authorization", bearer(readOnly));
        assertThat(delete.statusCode()).as("no /orders route takes DELETE").isEqualTo(404);
        assertThat(upstream.only().path()).isEqualTo("/orders/admin/users");
    }

    @Test
    void noRouteIsA404InJson() {
        HttpResponse<String> response = get("/nowhere", "Authorization", bearer(ordersToken("orders:read")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void opaqueTokensAreIntrospectedAndThePrefixStripped() throws Exception {
        JsonNode login = issuer.login("alice", "alice-password", "&audience=" + REPORTS);
        String opaque = login.get("access_token").asText();
        assertThat(opaque).doesNotContain(".");
        HttpResponse<String> response = get("/reports/monthly", "Authorization", bearer(opaque));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("upstream GET /internal/monthly");
        assertThat(upstream.only().header("X-Tollgate-Username")).isEqualTo("alice");
        assertThat(get("/reports", "Authorization", bearer(opaque)).body()).isEqualTo("upstream GET /internal/");

        // revoked: the cached answer holds for introspection_cache_seconds, then the token is refused
        revoke(opaque);
        assertThat(get("/reports/monthly", "Authorization", bearer(opaque)).statusCode())
                .as("the cached introspection answer").isEqualTo(200);
        assertThat(awaitStatus("/reports/monthly", opaque, 401)).isEqualTo(401);
        assertThat(get("/reports/monthly", "Authorization", bearer("unknownopaquetoken")).statusCode()).isEqualTo(401);
    }

    @Test
    void revokedJwtsAreRefusedWhereTheRouteChecksRevocation() throws Exception {
        String jwt = token("&scope=read");
        assertThat(get("/revocable/a", "Authorization", bearer(jwt)).statusCode()).isEqualTo(200);
        assertThat(get("/limited/a", "Authorization", bearer(jwt)).statusCode()).isEqualTo(200);
        revoke(jwt);
        assertThat(awaitStatus("/revocable/a", jwt, 401)).isEqualTo(401);
        assertThat(get("/limited/b", "Authorization", bearer(jwt)).statusCode())
                .as("a route without check_revocation verifies JWTs locally only").isEqualTo(200);
    }

    @Test
    void aNewSigningKeyIsFetchedWhenATokenNamesIt() {
        assertThat(get("/orders/1", "Authorization", bearer(ordersToken("orders:read"))).statusCode()).isEqualTo(200);
        issuer.services().admin().keys().rotate(List.of("RS256"), 0, 3600L);
        String signedWithNewKey = ordersToken("orders:read");
        HttpResponse<String> response = get("/orders/2", "Authorization", bearer(signedWithNewKey));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void rateLimitsArePerClientWithRetryAfter() {
        String app = token("&scope=read");
        String svc = issuer.form("/oauth/token", "grant_type=client_credentials&scope=orders:read",
                "Authorization", TestServer.basic("svc", "svc-secret")).json().get("access_token").asText();
        assertThat(get("/limited/1", "Authorization", bearer(svc)).statusCode()).isEqualTo(200);
        int status = 200;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 5 && status == 200; i++) {
            limited = get("/limited/1", "Authorization", bearer(app));
            status = limited.statusCode();
        }
        assertThat(status).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(limited).get("error").asText()).isEqualTo("rate_limited");
        assertThat(get("/limited/1", "Authorization", bearer(svc)).statusCode()).as("another client's bucket").isEqualTo(200);
    }

    @Test
    void anUpstreamThatIsDownIs502AndASlowOne504() {
        String token = token("&scope=read");
        HttpResponse<String> down = get("/down", "Authorization", bearer(token));
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(json(down).get("error").asText()).isEqualTo("upstream_unavailable");
        long start = System.nanoTime();
        HttpResponse<String> slow = get("/slow", "Authorization", bearer(token));
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(json(slow).get("error").asText()).isEqualTo("upstream_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
    }

    @Test
    void metricsCountRequestsByRouteAndOutcomeAndTimeTheUpstream() {
        get("/orders/9", "Authorization", bearer(ordersToken("orders:read")));
        get("/orders/9");
        get("/nowhere");
        String metrics = management("/metrics").body();
        assertThat(metrics).containsPattern("tollgate_gateway_requests_total\\{outcome=\"proxied\",route=\"/orders\"\\} [1-9]");
        assertThat(metrics).containsPattern("tollgate_gateway_requests_total\\{outcome=\"unauthorized\",route=\"/orders\"\\} [1-9]");
        assertThat(metrics).containsPattern("tollgate_gateway_requests_total\\{outcome=\"not_found\",route=\"none\"\\} [1-9]");
        assertThat(metrics).containsPattern("tollgate_gateway_upstream_seconds_count\\{route=\"/orders\"\\} [1-9]");
        assertThat(get("/metrics").statusCode()).as("not on the public listener").isEqualTo(404);
    }

    @Test
    void healthIsLiveAndReadyOnceKeysAreLoaded() throws Exception {
        assertThat(management("/health/live").statusCode()).isEqualTo(200);
        assertThat(json(management("/health/ready")).get("signing_keys").asText()).isEqualTo("UP");
        Path other = Files.createTempDirectory("tollgate-gateway-down");
        String unreachable = "http://127.0.0.1:" + closedPort();
        try (Gateway orphan = Gateway.start(new GatewayConfigLoader().load(write(other, gatewayToml(unreachable, upstream.url())),
                Map.of(GatewayConfigLoader.SECRET_VARIABLE, "gateway-secret")))) {
            HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(orphan.managementUrl() + "/health/ready")).GET());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(send(HttpRequest.newBuilder(URI.create(orphan.managementUrl() + "/health/live")).GET()).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> request = send(HttpRequest.newBuilder(URI.create(orphan.localUrl() + "/orders")).GET(),
                    "Authorization", bearer(ordersToken("orders:read")));
            assertThat(request.statusCode()).as("neither accepted nor refused: try again").isEqualTo(503);
            assertThat(request.headers().firstValue("Retry-After")).isPresent();
        } finally {
            TestServer.delete(other);
        }
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void overTlsTheUpstreamIsToldTheCallerUsedHttps() throws Exception {
        TlsTest tlsFiles = new TlsTest();
        Path other = Files.createTempDirectory("tollgate-gateway-tls");
        tlsFiles.dir = other;
        TlsTest.Pem pem = tlsFiles.selfSigned("EC");
        String toml = gatewayToml(issuer.tollgate.issuer(), upstream.url()).replace("[gateway.metrics]",
                "[gateway.tls]\ncert = \"" + pem.cert() + "\"\nkey = \"" + pem.key() + "\"\n[gateway.metrics]");
        try (Gateway secure = Gateway.start(new GatewayConfigLoader().load(write(other, toml),
                Map.of(GatewayConfigLoader.SECRET_VARIABLE, "gateway-secret")))) {
            assertThat(secure.localUrl()).startsWith("https://");
            HttpResponse<String> response = TlsTest.trusting(pem.certificate()).send(
                    HttpRequest.newBuilder(URI.create(secure.localUrl() + "/orders/1"))
                            .header("Authorization", bearer(ordersToken("orders:read"))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(upstream.only().header("X-Forwarded-Proto")).isEqualTo("https");
        } finally {
            TestServer.delete(other);
        }
    }

    static void revoke(String token) {
        assertThat(issuer.form("/oauth/revoke", "token=" + token, "Authorization", TestServer.basic("app", "app-secret"))
                .status()).isEqualTo(200);
    }

    /** Polls until the gateway answers {@code status} (the introspection cache expiring), for up to 15 seconds. */
    static int awaitStatus(String path, String token, int status) throws InterruptedException {
        int last = 0;
        for (int i = 0; i < 75; i++) {
            last = get(path, "Authorization", bearer(token)).statusCode();
            if (last == status) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }
}
