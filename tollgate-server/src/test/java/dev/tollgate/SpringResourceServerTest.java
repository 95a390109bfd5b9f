package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.springcompat.rfc9068.Rfc9068Api;
import dev.tollgate.springcompat.stock.StockApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Compatibility the other way round: Spring Security's resource server
 * (spring-boot-starter-oauth2-resource-server) given Tollgate's issuer URL finds the keys through
 * the metadata. Spring Boot 3.5 as it comes accepts only {@code typ} JWT or none, while RFC 9068
 * access tokens say {@code at+jwt}: an API registered with {@code token_typ = "JWT"} gets tokens
 * that a Spring API configured with nothing but {@code issuer-uri} accepts, and with its audience
 * it refuses a token for another API and an ID token. With the two beans Spring documents for
 * RFC 9068 it accepts Tollgate's default tokens too.
 */
class SpringResourceServerTest {
    static final String ORDERS = "https://api.example.com/orders";
    static final String REPORTS = "https://api.example.com/reports";
    static final String STOCK = "https://api.example.com/stock";
    static final String BILLING = "https://api.example.com/billing";
    static TestServer issuer;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        // Tollgate's tests keep their logging set-up; Spring Boot would replace Logback's
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        issuer = TestServer.start(Toml.config()
                .client("app", "scopes", Toml.list("orders:read", "reports:read", "stock:read", "billing:read", "openid"))
                .api(ORDERS, "scopes", Toml.list("orders:read"))
                .api(REPORTS, "scopes", Toml.list("reports:read"))
                .api(STOCK, "scopes", Toml.list("stock:read"), "token_typ", "JWT")
                .api(BILLING, "scopes", Toml.list("billing:read"), "token_typ", "JWT")
                .user("alice", "scopes", Toml.list("orders:read", "reports:read", "stock:read", "billing:read"))
                .toString());
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static ConfigurableApplicationContext spring(String... extra) {
        return spring(Rfc9068Api.class, extra);
    }

    static ConfigurableApplicationContext spring(Class<?> application, String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.tollgate.issuer()));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(application).properties(properties.toArray(String[]::new)).run();
    }

    static HttpResponse<String> whoami(ConfigurableApplicationContext spring, String token) throws Exception {
        int port = ((WebServerApplicationContext) spring).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/whoami"))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String token(String audience) {
        return issuer.login("alice", "alice-password", "&audience=" + audience).get("access_token").asText();
    }

    @Test
    void issuerUriAloneFindsTheKeysButSpringsDefaultTypeCheckRefusesAtJwt() throws Exception {
        try (ConfigurableApplicationContext spring = spring(StockApi.class)) {
            HttpResponse<String> refused = whoami(spring, token(ORDERS));
            assertThat(refused.statusCode()).isEqualTo(401);
            // the metadata and JWKS were read: what fails is Nimbus's default typ check, nothing else
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("typ (type) at+jwt not allowed");
        }
    }

    @Test
    void issuerUriAloneAcceptsTheTokensOfAnApiWithTypJwt() throws Exception {
        try (ConfigurableApplicationContext spring = spring(StockApi.class)) {
            String alice = issuer.users().find("alice").orElseThrow().id();
            HttpResponse<String> accepted = whoami(spring, token(STOCK));
            assertThat(accepted.statusCode()).as(accepted.headers().map() + accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo(alice + " stock:read");
            assertThat(whoami(spring, null).statusCode()).isEqualTo(401);
            assertThat(whoami(spring, tampered(token(STOCK))).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withItsAudienceAStockApiRefusesAnotherApisTokenAndAnIdToken() throws Exception {
        try (ConfigurableApplicationContext spring = spring(StockApi.class,
                "spring.security.oauth2.resourceserver.jwt.audiences=" + STOCK)) {
            assertThat(whoami(spring, token(STOCK)).statusCode()).isEqualTo(200);
            HttpResponse<String> otherApi = whoami(spring, token(BILLING));
            assertThat(otherApi.statusCode()).isEqualTo(401);
            assertThat(otherApi.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
            String idToken = issuer.login("alice", "alice-password", "&audience=" + STOCK + "&scope=openid%20stock:read")
                    .get("id_token").asText();
            assertThat(whoami(spring, idToken).statusCode()).as("an ID token's audience is the client").isEqualTo(401);
        }
    }

    static String tampered(String token) {
        return token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    }

    @Test
    void issuerUriAndTheRfc9068TypeCheckAcceptTollgatesTokens() throws Exception {
        try (ConfigurableApplicationContext spring = spring()) {
            String alice = issuer.users().find("alice").orElseThrow().id();
            HttpResponse<String> accepted = whoami(spring, token(ORDERS));
            assertThat(accepted.statusCode()).as(accepted.headers().map() + accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo(alice + " orders:read");
            assertThat(whoami(spring, null).statusCode()).isEqualTo(401);
            HttpResponse<String> refused = whoami(spring, tampered(token(ORDERS)));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        }
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        try (ConfigurableApplicationContext spring = spring("spring.security.oauth2.resourceserver.jwt.audiences=" + ORDERS)) {
            assertThat(whoami(spring, token(ORDERS)).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = whoami(spring, token(REPORTS));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        }
    }
}
