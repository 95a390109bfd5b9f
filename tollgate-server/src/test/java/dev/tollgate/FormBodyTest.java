package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Form bodies are percent-decoded as strict UTF-8: what a client encodes arrives intact, nothing malformed passes. */
class FormBodyTest {
    static final String PASSWORD = "pä ss+wörd&=%€ 😀";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                [[clients]]
                id = "app"
                secret = "app-secret"
                scopes = ["read", "write"]

                [[users]]
                username = "zoë"
                password = "%s"
                scopes = ["read"]
                """.formatted(PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestServer.Response token(String body) {
        return server.form("/oauth/token", body, "Authorization", TestServer.basic("app", "app-secret"));
    }

    @Test
    void formWhenPercentEncodedUtf8AndPlusThenDecodedExactly() {
        String body = "grant_type=password&username=" + URLEncoder.encode("zoë", StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        assertThat(body).contains("+").contains("%");
        assertThat(token(body).status()).isEqualTo(200);
        assertThat(token(body.replace("+", "%20")).status()).as("%20 and + are both a space").isEqualTo(200);
        assertThat(token(body + "&&scope").status()).as("empty pairs and a bare name count as absent")
                .isEqualTo(200);
    }

    @Test
    void formWhenPercentEncodingMalformedThenInvalidRequest() {
        for (String bad : new String[] {"%G1", "%4", "%", "%FF", "%C3%28", "%１１", "%e2%82"}) {
            TestServer.Response response = token("grant_type=password&username=zo%C3%AB&password=x" + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.error()).as(bad).isEqualTo("invalid_request");
        }
    }
}
