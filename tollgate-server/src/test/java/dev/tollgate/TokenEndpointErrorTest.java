package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every RFC 6749 error of the token endpoint, with its status and headers; none of them writes anything. */
class TokenEndpointErrorTest {
    static final String CONFIG = Toml.config()
            .client("app", "grant_types", Toml.list("password", "refresh_token"), "scopes", Toml.list("read", "write"))
            .client("machine", "grant_types", Toml.list("client_credentials"), "scopes", Toml.list("read"))
            .publicClient("native", "grant_types", Toml.list("password"), "scopes", Toml.list("read"))
            .user("alice", "scopes", Toml.list("read", "write"))
            .user("bob")
            .toString();
    static final String APP = TestServer.basic("app", "app-secret");
    static final String GOOD = "grant_type=password&username=alice&password=alice-password";

    static TestServer server;
    long refreshTokensBefore;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void countRows() {
        refreshTokensBefore = server.count("refresh_tokens");
    }

    @AfterEach
    void nothingWritten() {
        assertThat(server.count("refresh_tokens")).isEqualTo(refreshTokensBefore);
    }

    @Test
    void tokenWhenGrantTypeMissingThenInvalidRequest() {
        assertError(server.form("/oauth/token", "username=alice&password=alice-password", "Authorization", APP),
                400, "invalid_request").contains("grant_type");
    }

    @Test
    void tokenWhenGrantTypeUnknownThenUnsupportedGrantType() {
        assertError(server.form("/oauth/token", "grant_type=magic", "Authorization", APP), 400, "unsupported_grant_type");
    }

    @Test
    void tokenWhenParameterRepeatedThenInvalidRequest() {
        assertError(server.form("/oauth/token", GOOD + "&username=bob", "Authorization", APP), 400, "invalid_request")
                .contains("username");
    }

    @Test
    void tokenWhenRepeatedEmptyParameterThenInvalidRequest() {
        assertError(server.form("/oauth/token", GOOD + "&scope=&scope=", "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenJsonKeyRepeatedThenInvalidRequest() {
        assertError(server.post("/oauth/token", "application/json",
                "{\"grant_type\":\"password\",\"username\":\"alice\",\"username\":\"bob\",\"password\":\"x\"}",
                "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenJsonMalformedThenInvalidRequest() {
        assertError(server.post("/oauth/token", "application/json", "{\"grant_type\":\"password\",", "Authorization", APP),
                400, "invalid_request").contains("JSON");
        assertError(server.post("/oauth/token", "application/json", "[\"password\"]", "Authorization", APP),
                400, "invalid_request");
        assertError(server.post("/oauth/token", "application/json", "{\"grant_type\":{\"a\":1}}", "Authorization", APP),
                400, "invalid_request").contains("grant_type");
        assertError(server.post("/oauth/token", "application/json", "{\"grant_type\":\"password\"} {}",
                "Authorization", APP), 400, "invalid_request");
        assertError(server.post("/oauth/token", "application/json", "[".repeat(5000), "Authorization", APP),
                400, "invalid_request");
    }

    @Test
    void tokenWhenMultipartBrokenThenInvalidRequest() {
        assertError(server.post("/oauth/token", "multipart/form-data; boundary=abc",
                "--abc\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npassword", "Authorization", APP),
                400, "invalid_request").contains("multipart");
        assertError(server.post("/oauth/token", "multipart/form-data", "--abc\r\n", "Authorization", APP),
                400, "invalid_request").contains("boundary");
        assertError(server.post("/oauth/token", "multipart/form-data; boundary=abc", "garbage", "Authorization", APP),
                400, "invalid_request");
    }

    @Test
    void tokenWhenContentTypeUnsupportedOrMissingThenInvalidRequest() {
        assertError(server.post("/oauth/token", "text/plain", GOOD, "Authorization", APP), 400, "invalid_request")
                .contains("Content-Type");
        assertError(server.post("/oauth/token", null, GOOD, "Authorization", APP), 400, "invalid_request")
                .contains("Content-Type");
        assertError(server.post("/oauth/token", "application/x-www-form-urlencoded; charset=ISO-8859-1", GOOD,
                "Authorization", APP), 400, "invalid_request").contains("charset");
    }

    @Test
    void tokenWhenEncodingBrokenThenInvalidRequest() {
        assertError(server.form("/oauth/token", GOOD + "&scope=%zz", "Authorization", APP), 400, "invalid_request");
        assertError(server.form("/oauth/token", GOOD + "&scope=%C3%28", "Authorization", APP), 400, "invalid_request");
        byte[] raw = (GOOD + "&scope=").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = new byte[raw.length + 2];
        System.arraycopy(raw, 0, bad, 0, raw.length);
        bad[raw.length] = (byte) 0xC3;
        bad[raw.length + 1] = (byte) 0x28;
        assertError(server.post("/oauth/token", "application/x-www-form-urlencoded", bad, "Authorization", APP),
                400, "invalid_request");
        assertError(server.form("/oauth/token", GOOD + "&scope=read%00", "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenTooManyParametersThenInvalidRequest() {
        StringBuilder body = new StringBuilder(GOOD);
        for (int i = 0; i < 150; i++) {
            body.append("&p").append(i).append("=x");
        }
        assertError(server.form("/oauth/token", body.toString(), "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenBodyOver64KiBThen413() throws Exception {
        String big = GOOD + "&pad=" + "x".repeat(70_000);
        // A declared Content-Length over the limit is refused before the body is read: only the
        // head is sent, so the answer cannot race the body (a connection closed after a 413 with
        // body bytes still arriving may be reset before the client reads it).
        String head = "POST /oauth/token HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: " + APP + "\r\n"
                + "Content-Length: " + big.length() + "\r\n\r\n";
        HostileInputTest.Answer declared = HostileInputTest.send(server.tollgate.port(),
                head.getBytes(StandardCharsets.US_ASCII));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("\"error\":\"invalid_request\"");
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.url("/oauth/token")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", APP)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))))
                .build();
        assertError(server.send(chunked), 413, "invalid_request");
    }

    @Test
    void tokenWhenCredentialsInQueryStringThenInvalidRequest() {
        assertError(server.form("/oauth/token?client_id=app&client_secret=app-secret", GOOD), 400, "invalid_request")
                .contains("query");
        assertError(server.form("/oauth/token?password=alice-password", "grant_type=password&username=alice",
                "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenTwoClientAuthenticationMethodsThenInvalidRequest() {
        assertError(server.form("/oauth/token", GOOD + "&client_id=app&client_secret=app-secret", "Authorization", APP),
                400, "invalid_request").contains("more than one");
    }

    @Test
    void tokenWhenBasicAndBodyClientIdDifferThenInvalidRequest() {
        assertError(server.form("/oauth/token", GOOD + "&client_id=native", "Authorization", APP), 400, "invalid_request");
    }

    @Test
    void tokenWhenNoClientAuthenticationThenInvalidClient() {
        assertError(server.form("/oauth/token", GOOD), 401, "invalid_client");
    }

    @Test
    void tokenWhenBasicSecretWrongThenInvalidClientWithChallenge() {
        TestServer.Response response = server.form("/oauth/token", GOOD, "Authorization", TestServer.basic("app", "wrong"));
        assertError(response, 401, "invalid_client");
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void tokenWhenBasicHeaderMalformedThenInvalidClient() {
        assertError(server.form("/oauth/token", GOOD, "Authorization", "Basic !!!not-base64"), 401, "invalid_client");
        assertError(server.form("/oauth/token", GOOD, "Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))), 401, "invalid_client");
    }

    @Test
    void tokenWhenPostSecretWrongOrClientUnknownThenInvalidClient() {
        TestServer.Response wrongSecret = server.form("/oauth/token", GOOD + "&client_id=app&client_secret=nope");
        TestServer.Response unknown = server.form("/oauth/token", GOOD + "&client_id=ghost&client_secret=nope");
        assertError(wrongSecret, 401, "invalid_client");
        assertError(unknown, 401, "invalid_client");
        assertThat(unknown.body()).isEqualTo(wrongSecret.body());
    }

    @Test
    void tokenWhenConfidentialClientSendsOnlyClientIdThenInvalidClient() {
        assertError(server.form("/oauth/token", GOOD + "&client_id=app"), 401, "invalid_client");
    }

    @Test
    void tokenWhenPasswordWrongThenInvalidGrant() {
        assertError(server.form("/oauth/token", "grant_type=password&username=alice&password=wrong",
                "Authorization", APP), 400, "invalid_grant");
    }

    @Test
    void tokenWhenUsernameOrPasswordMissingThenInvalidRequest() {
        assertError(server.form("/oauth/token", "grant_type=password&password=x", "Authorization", APP),
                400, "invalid_request").contains("username");
        assertError(server.form("/oauth/token", "grant_type=password&username=alice", "Authorization", APP),
                400, "invalid_request").contains("password");
        assertError(server.form("/oauth/token", "grant_type=password&username=alice&password=", "Authorization", APP),
                400, "invalid_request").contains("password");
    }

    @Test
    void tokenWhenClientNotAllowedPasswordGrantThenUnauthorizedClient() {
        assertError(server.form("/oauth/token", GOOD, "Authorization", TestServer.basic("machine", "machine-secret")),
                400, "unauthorized_client");
    }

    @Test
    void tokenWhenScopeNotAllowedThenInvalidScope() {
        assertError(server.form("/oauth/token", GOOD + "&scope=admin", "Authorization", APP), 400, "invalid_scope")
                .contains("admin");
        assertError(server.form("/oauth/token", GOOD + "&scope=read%20%22quoted%22", "Authorization", APP),
                400, "invalid_scope");
        assertError(server.form("/oauth/token", GOOD + "&scope=" + "a".repeat(5000), "Authorization", APP),
                400, "invalid_scope");
    }

    @Test
    void tokenWhenUserMayGrantNoneOfTheScopesThenInvalidScope() {
        assertError(server.form("/oauth/token", "grant_type=password&username=bob&password=bob-password&scope=read",
                "Authorization", APP), 400, "invalid_scope");
    }

    @Test
    void tokenWhenGetThen405() {
        TestServer.Response response = server.get("/oauth/token");
        assertError(response, 405, "invalid_request");
        assertThat(response.header("Allow")).isEqualTo("POST");
    }

    @Test
    void responsesCarryNoServerBannerAndNoSniff() {
        TestServer.Response response = server.form("/oauth/token", GOOD, "Authorization", APP);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Server")).isNull();
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        refreshTokensBefore++;
    }

    /** Status, code, the no-store headers and a JSON body without internals; returns the description. */
    static org.assertj.core.api.AbstractStringAssert<?> assertError(TestServer.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        assertThat(response.error()).as(response.body()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("\tat ");
        assertThat(response.json().size()).isLessThanOrEqualTo(2);
        return assertThat(response.json().path("error_description").asText());
    }
}
