package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.config.ConfigException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's {@code jwks_uri} is fetched within bounds: no redirects, a size limit, a total time
 * limit however slowly the server answers, and https only (plain http only to loopback).
 */
class JwksUriTest {
    static RSAKey key;
    static HttpServer keys;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        keys.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/jwks.json");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        keys.createContext("/huge", exchange -> {
            byte[] padding = " ".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, padding.length + jwks.length);
            exchange.getResponseBody().write(padding);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        keys.createContext("/drip", exchange -> {
            // a byte every 200 ms, each well within a read timeout, the whole far beyond any sane fetch
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
                out.write(jwks);
            } catch (Exception e) {
                // the fetch was cut off
            }
        });
        keys.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        keys.start();
        String base = "http://127.0.0.1:" + keys.getAddress().getPort();
        Toml toml = Toml.config();
        for (String name : new String[] {"jwks.json", "moved", "huge", "drip"}) {
            toml.publicClient(name.replace(".json", ""), "jwks_uri", base + "/" + name,
                    "auth_methods", Toml.list("private_key_jwt"), "grant_types", Toml.list("client_credentials"));
        }
        server = TestServer.start(toml.toString(), Map.of("client_auth.jwks_refetch_interval", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
        keys.stop(0);
    }

    static TestServer.Response token(String clientId) {
        String assertion = ClientAssertions.of(clientId, server.url("/oauth/token")).sign(key, JWSAlgorithm.RS256);
        return server.form("/oauth/token", "grant_type=client_credentials&" + ClientAssertions.params(assertion));
    }

    @Test
    void keysServedDirectlyWork() {
        assertThat(token("jwks").status()).isEqualTo(200);
    }

    @Test
    void redirectIsNotFollowed() {
        TokenEndpointErrorTest.assertError(token("moved"), 401, "invalid_client");
    }

    @Test
    void oversizedKeySetIsRefused() {
        TokenEndpointErrorTest.assertError(token("huge"), 401, "invalid_client");
    }

    @Test
    void slowServerIsCutOffAfterTheTotalLimit() {
        long started = System.nanoTime();
        TokenEndpointErrorTest.assertError(token("drip"), 401, "invalid_client");
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(12_000);
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedAtRegistration() {
        String toml = Toml.config().publicClient("far", "jwks_uri", "http://keys.example.com/jwks.json",
                "auth_methods", Toml.list("private_key_jwt"), "grant_types", Toml.list("client_credentials")).toString();
        assertThatThrownBy(() -> TestServer.start(toml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("jwks_uri").hasMessageContaining("https");
        String https = Toml.config().publicClient("far", "jwks_uri", "https://keys.example.com/jwks.json",
                "auth_methods", Toml.list("private_key_jwt"), "grant_types", Toml.list("client_credentials")).toString();
        try (TestServer started = TestServer.start(https)) {
            assertThat(started.get("/health/live").status()).isEqualTo(200);
        }
    }
}
