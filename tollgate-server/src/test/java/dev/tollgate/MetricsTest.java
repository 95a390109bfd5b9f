package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * /metrics in Prometheus text format (tokens, failures, hashing, latency, the pool, the JVM), served
 * on the management listener only: its labels name the clients.
 */
class MetricsTest {
    @Test
    void metricsAreServedOnTheManagementListenerAndNotOnThePublicOne() {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE)) {
            TestServer.Response publicMetrics = server.get("/metrics");
            assertThat(publicMetrics.status()).isEqualTo(404);
            assertThat(publicMetrics.error()).isEqualTo("not_found");
            assertThat(publicMetrics.body()).doesNotContain("tollgate_");

            assertThat(server.metricsUrl()).isNotEqualTo(server.url("/metrics"));
            TestServer.Response metrics = server.metrics();
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("tollgate_hash_queue");
            assertThat(server.get("/health/live").status()).as("health stays public").isEqualTo(200);
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void managementListenerServesNothingButMetrics() {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE)) {
            String base = server.metricsUrl().substring(0, server.metricsUrl().length() - "/metrics".length());
            for (String path : new String[] {"/oauth/token", "/health/live", "/.well-known/jwks.json"}) {
                TestServer.Response response = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + path)).GET().build());
                assertThat(response.status()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void metricsCountTokensFailuresHashesAndRequests() {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE + "\n[brute_force]\nmax_failures = 1\n")) {
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            assertThat(server.passwordGrant("alice", "wrong").status()).isEqualTo(400);
            assertThat(server.passwordGrant("alice", "alice-password").status()).as("locked").isEqualTo(429);
            assertThat(server.form("/oauth/token", "grant_type=magic", "Authorization",
                    TestServer.basic("app", "app-secret")).status()).isEqualTo(400);
            assertThat(server.get("/no/such/path/" + System.nanoTime()).status()).isEqualTo(404);

            TestServer.Response response = server.metrics();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/plain");
            String metrics = response.body();
            assertThat(metrics)
                    .contains("tollgate_tokens_issued_total{client_id=\"app\",grant_type=\"password\"} 2.0")
                    .contains("tollgate_token_errors_total{error=\"invalid_grant\",grant_type=\"password\"} 1.0")
                    .contains("tollgate_token_errors_total{error=\"unsupported_grant_type\",grant_type=\"none\"} 1.0")
                    .contains("tollgate_token_errors_total{error=\"too_many_attempts\",grant_type=\"password\"} 1.0")
                    .contains("tollgate_lockouts_total 1.0")
                    .contains("tollgate_hash_queue")
                    .contains("tollgate_hash_seconds_count")
                    .contains("tollgate_hash_rejected_total")
                    .containsPattern("http_server_requests_seconds_bucket\\{[^}]*route=\"/oauth/token\"[^}]*status=\"200\"")
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"other\"[^}]*status=\"404\"")
                    .contains("hikaricp_connections")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain("/no/such/path")
                    .doesNotContain("alice-password");
        }
    }
}
