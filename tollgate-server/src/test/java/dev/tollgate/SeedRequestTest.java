package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request shape of the seed documents (shared/seeds), sent as the documents write it, host
 * aside. Placeholders in angle brackets are filled in; upper-case placeholders are used literally.
 */
class SeedRequestTest {
    static final String CONFIG = """
            [[clients]]   # Locus Energy and The Job Space: id and secret in the body
            id = "CLIENT_ID"
            secret = "CLIENT_SECRET"
            grant_types = ["password", "refresh_token"]
            scopes = ["read"]
            access_token_ttl = 86400

            [[clients]]   # Auth0: a native app, client_id only
            id = "XyD....23S"
            grant_types = ["password"]
            scopes = ["read:sample", "openid", "profile"]

            [[clients]]   # WSO2: the consumer key and secret of the document's example header
            id = "wU62DjlyDBnq87GlBwplfqvmAbAa"
            secret = "ksdSdoefDDP7wpaElfqvmjDue"
            scopes = ["default"]

            [[clients]]   # Oracle identity domains
            id = "oracle-app"
            secret = "oracle-secret"
            scopes = ["urn:opc:idm:__myscopes__", "offline_access"]

            [[apis]]      # Auth0: the API named by audience
            identifier = "https://someapi.com/api"
            scopes = ["read:sample"]

            [[users]]
            username = "USERNAME"
            password = "PASSWORD"
            scopes = ["read"]

            [[users]]
            username = "user@example.com"
            password = "pwd"
            scopes = ["read:sample"]
            name = "Example User"

            [[users]]
            username = "admin"
            password = "admin"
            scopes = ["default"]

            [[users]]
            username = "jane.doe@example.com"
            password = "example-password"
            scopes = ["urn:opc:idm:__myscopes__", "offline_access"]
            """;
    static final String ORACLE_BASIC = TestServer.basic("oracle-app", "oracle-secret");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG, Map.of("tokens.include_issued_at", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void locusEnergyFormBodyWithCredentialsInBody() {
        long before = System.currentTimeMillis() / 1000;
        TestServer.Response response = server.post("/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password&client_id=CLIENT_ID&client_secret=CLIENT_SECRET&username=USERNAME&password=PASSWORD");
        JsonNode json = assertToken(response);
        assertThat(json.get("refresh_token").asText()).isNotBlank();
        assertThat(json.get("issued_at").isIntegralNumber()).isTrue();
        assertThat(json.get("issued_at").asLong()).isBetween(before, before + 60);
    }

    @Test
    void auth0JsonBodyWithAudienceAndPublicClient() {
        TestServer.Response response = server.post("/oauth/token", "application/json",
                "{\"grant_type\":\"password\",\"username\": \"user@example.com\",\"password\": \"pwd\","
                        + "\"audience\": \"https://someapi.com/api\", \"scope\": \"read:sample\", "
                        + "\"client_id\": \"XyD....23S\"}");
        JsonNode json = assertToken(response);
        assertThat(json.get("scope").asText()).isEqualTo("read:sample");
        assertThat(json.has("refresh_token")).isFalse();
        assertThat(AccessTokenTest.claims(json).getAudience()).containsExactly("https://someapi.com/api");
    }

    /** The seed's note: with openid profile the token also has /userinfo as audience, and UserInfo answers. */
    @Test
    void auth0WithOpenIdProfileThenUserInfoReturnsTheClaims() {
        TestServer.Response response = server.post("/oauth/token", "application/json",
                "{\"grant_type\":\"password\",\"username\": \"user@example.com\",\"password\": \"pwd\","
                        + "\"audience\": \"https://someapi.com/api\", \"scope\": \"read:sample openid profile\", "
                        + "\"client_id\": \"XyD....23S\"}");
        JsonNode json = assertToken(response);
        assertThat(json.get("scope").asText()).isEqualTo("openid profile read:sample");
        assertThat(AccessTokenTest.claims(json).getAudience())
                .containsExactly("https://someapi.com/api", server.tollgate.issuer() + "/userinfo");
        assertThat(json.get("id_token").asText()).isNotBlank();

        TestServer.Response userinfo = server.get("/userinfo",
                "Content-Type", "application/json", "Authorization", "Bearer " + json.get("access_token").asText());
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
        JsonNode claims = userinfo.json();
        assertThat(claims.get("sub").asText()).isEqualTo(AccessTokenTest.claims(json).getSubject());
        assertThat(claims.get("name").asText()).isEqualTo("Example User");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("user@example.com");
    }

    @Test
    void jobSpaceMultipartBody() {
        String boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        StringBuilder body = new StringBuilder();
        for (String[] field : new String[][] {{"grant_type", "password"}, {"client_id", "CLIENT_ID"},
                {"client_secret", "CLIENT_SECRET"}, {"username", "USERNAME"}, {"password", "PASSWORD"}}) {
            body.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(field[0]).append("\"\r\n\r\n")
                    .append(field[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        TestServer.Response response = server.post("/oauth/token", "multipart/form-data; boundary=" + boundary,
                body.toString(), "cache-control", "no-cache");
        JsonNode json = assertToken(response);
        assertThat(json.get("expires_in").asLong()).isEqualTo(86400);
        assertThat(json.get("refresh_token").asText()).isNotBlank();
    }

    @Test
    void wso2BasicHeaderOnTokenPath() {
        TestServer.Response response = server.post("/token", "application/x-www-form-urlencoded",
                "grant_type=password&username=admin&password=admin",
                "Authorization", "Basic d1U2MkRqbHlEQm5xODdHbEJ3cGxmcXZtQWJBYTprc2RTZG9lZkREUDd3cGFFbGZxdm1qRHVl");
        JsonNode json = assertToken(response);
        assertThat(json.get("scope").asText()).isEqualTo("default");
        assertThat(json.get("refresh_token").asText()).isNotBlank();
    }

    @Test
    void oracleBasicHeaderWithCharsetOnOauth2V1Path() {
        TestServer.Response response = server.post("/oauth2/v1/token", "application/x-www-form-urlencoded;charset=UTF-8",
                "grant_type=password&username=jane.doe@example.com&password=example-password"
                        + "&scope=urn:opc:idm:__myscopes__",
                "Authorization", ORACLE_BASIC);
        JsonNode json = assertToken(response);
        assertThat(json.get("scope").asText()).isEqualTo("urn:opc:idm:__myscopes__");
    }

    @Test
    void oracleScopeWithOfflineAccess() {
        TestServer.Response response = server.post("/oauth2/v1/token", "application/x-www-form-urlencoded;charset=UTF-8",
                "grant_type=password&username=jane.doe@example.com&password=example-password"
                        + "&scope=urn:opc:idm:__myscopes__%20offline_access",
                "Authorization", ORACLE_BASIC);
        JsonNode json = assertToken(response);
        assertThat(json.get("scope").asText()).isEqualTo("offline_access urn:opc:idm:__myscopes__");
        assertThat(json.get("refresh_token").asText()).isNotBlank();
    }

    @Test
    void oracleInvalidScopeIsAnError() {
        TestServer.Response response = server.post("/oauth2/v1/token", "application/x-www-form-urlencoded;charset=UTF-8",
                "grant_type=password&username=jane.doe@example.com&password=example-password&scope=no-such-scope",
                "Authorization", ORACLE_BASIC);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_scope");
    }

    // The documents' curl command lines, run by curl itself.

    @Test
    void locusEnergyCurlCommand() {
        JsonNode json = curl("curl " + server.url("/oauth/token") + " "
                + "-X POST "
                + "-H \"Content-Type: application/x-www-form-urlencoded\" "
                + "-d 'grant_type=password&client_id=CLIENT_ID&client_secret=CLIENT_SECRET&username=USERNAME&password=PASSWORD'");
        assertThat(json.get("access_token").asText()).isNotBlank();
        assertThat(json.has("issued_at")).isTrue();
    }

    @Test
    void jobSpaceCurlCommand() {
        // curl appends its own boundary to the header given with -H; the last one is the real one.
        JsonNode json = curl("curl -X POST \\\n  " + server.url("/oauth/token") + " \\\n"
                + "  -H 'cache-control: no-cache' \\\n"
                + "  -H 'content-type: multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW' \\\n"
                + "  -F grant_type=password \\\n"
                + "  -F client_id=CLIENT_ID \\\n"
                + "  -F client_secret=CLIENT_SECRET \\\n"
                + "  -F username=USERNAME \\\n"
                + "  -F password=PASSWORD");
        assertThat(json.get("expires_in").asLong()).isEqualTo(86400);
    }

    @Test
    void wso2CurlCommand() {
        JsonNode json = curl("curl -k -d \"grant_type=password&username=admin&password=admin\" "
                + "-H \"Authorization: Basic d1U2MkRqbHlEQm5xODdHbEJ3cGxmcXZtQWJBYTprc2RTZG9lZkREUDd3cGFFbGZxdm1qRHVl\" "
                + "-H \"Content-Type: application/x-www-form-urlencoded\" " + server.url("/token"));
        assertThat(json.get("scope").asText()).isEqualTo("default");
    }

    @Test
    void oracleCurlCommand() {
        JsonNode json = curl("curl -i\n"
                + "  -H 'Authorization: " + ORACLE_BASIC + "'\n"
                + "  -H 'Content-Type: application/x-www-form-urlencoded;charset=UTF-8'\n"
                + "  --request POST " + server.url("/oauth2/v1/token")
                + " -d 'grant_type=password&username=jane.doe@example.com&password=example-password"
                + "&scope=urn:opc:idm:__myscopes__%20offline_access'");
        assertThat(json.get("refresh_token").asText()).isNotBlank();
    }

    static JsonNode assertToken(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        JsonNode json = response.json();
        assertThat(json.get("access_token").asText()).isNotBlank();
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").isIntegralNumber()).isTrue();
        return json;
    }

    /** Runs a command line the way a shell would (the seeds' line breaks joined) and parses the JSON it prints. */
    static JsonNode curl(String commandLine) {
        assumeTrue(hasCurl(), "curl is not installed");
        String joined = commandLine.replace("\\\n", " ").replace("\n", " ");
        try {
            Process process = new ProcessBuilder("bash", "-c", joined + " 2>/dev/null").start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            int body = out.indexOf('{');
            assertThat(body).as(out).isGreaterThanOrEqualTo(0);
            if (commandLine.contains("curl -i")) {
                assertThat(out).startsWith("HTTP/1.1 200");
            }
            return TestServer.JSON.readTree(out.substring(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean hasCurl() {
        try {
            return new ProcessBuilder("curl", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
