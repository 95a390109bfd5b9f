package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /metrics in Prometheus text format: tokens, failures, hashing, latency, the pool, the JVM. */
class MetricsTest {
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

            TestServer.Response response = server.get("/metrics");
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
