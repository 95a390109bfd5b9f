package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.tollgate.mfa.Totp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Multi-factor authentication on the password grants, as Auth0 does it: {@code mfa_required} with
 * an {@code mfa_token} after a right password, the {@code mfa-otp} and {@code mfa-recovery-code}
 * grants, enrolment through {@code /mfa/associate}, Keycloak's inline {@code otp}, and the
 * policies. The codes are computed with a second TOTP library (dev.samstevens.totp), itself
 * checked here against the RFC 6238 test vectors, never with the server's own.
 */
class MfaTest {
    static final String MFA_OTP = "http://auth0.com/oauth/grant-type/mfa-otp";
    static final String MFA_RECOVERY = "http://auth0.com/oauth/grant-type/mfa-recovery-code";
    static final String REALM = "http://auth0.com/oauth/grant-type/password-realm";

    static String clients(String extraClients) {
        return """
                [[clients]]
                id = "app"
                secret = "app-secret"
                grant_types = ["password", "refresh_token", "%s", "%s", "%s"]
                scopes = ["openid", "read"]

                [[clients]]
                id = "other"
                secret = "other-secret"
                grant_types = ["password", "%s"]
                scopes = ["read"]

                [[clients]]
                id = "plain"
                secret = "plain-secret"
                grant_types = ["password"]
                scopes = ["read"]

                [[users]]
                username = "alice"
                password = "alice-password"
                scopes = ["read"]

                [[users]]
                username = "bob"
                password = "bob-password"
                scopes = ["read"]
                """.formatted(REALM, MFA_OTP, MFA_RECOVERY, MFA_OTP) + extraClients + AdminApi.CLIENT;
    }

    static String config(String policy) {
        return "[mfa]\npolicy = \"" + policy + "\"\n\n" + clients("");
    }

    // --- an independent TOTP: dev.samstevens.totp, checked against RFC 6238 ---

    static String code(String secret, Instant at) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, at.getEpochSecond() / 30);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bothTotpImplementationsGiveTheRfc6238TestVectors() {
        // RFC 6238 appendix B, SHA-1, seed "12345678901234567890"; six digits are the last six of eight
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Map<Long, String> vectors = Map.of(59L, "287082", 1111111109L, "081804", 1111111111L, "050471",
                1234567890L, "005924", 2000000000L, "279037", 20000000000L, "353130");
        Totp server = new Totp();
        vectors.forEach((time, expected) -> {
            assertThat(code(secret, Instant.ofEpochSecond(time))).isEqualTo(expected);
            assertThat(server.match(secret, expected, Instant.ofEpochSecond(time))).hasValue(time / 30);
        });
        // one step of skew either way, not two
        assertThat(server.match(secret, "287082", Instant.ofEpochSecond(59 + 30))).isPresent();
        assertThat(server.match(secret, "287082", Instant.ofEpochSecond(59 + 60))).isEmpty();
        assertThat(server.match(secret, "28708", Instant.ofEpochSecond(59))).isEmpty();
    }

    // --- helpers ---

    static TestServer.Response password(TestServer server, String client, String username, String password,
            String extra) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password
                + extra, "Authorization", TestServer.basic(client, client + "-secret"));
    }

    static String mfaToken(TestServer server, String username) {
        TestServer.Response response = password(server, "app", username, username + "-password", "&scope=openid%20read");
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        JsonNode json = response.json();
        assertThat(json.path("error").asText()).isEqualTo("mfa_required");
        assertThat(json.path("error_description").asText()).isEqualTo("Multifactor authentication required");
        assertThat(json.path("mfa_token").asText()).isNotBlank();
        return json.path("mfa_token").asText();
    }

    static TestServer.Response otp(TestServer server, String client, String mfaToken, String otp) {
        return server.form("/oauth/token", "grant_type=" + enc(MFA_OTP) + "&mfa_token=" + enc(mfaToken)
                + "&otp=" + otp, "Authorization", TestServer.basic(client, client + "-secret"));
    }

    static TestServer.Response recovery(TestServer server, String mfaToken, String code) {
        return server.form("/oauth/token", "grant_type=" + enc(MFA_RECOVERY) + "&mfa_token=" + enc(mfaToken)
                + "&recovery_code=" + code, "Authorization", TestServer.basic("app", "app-secret"));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Enrols through the admin API (active at once): the secret and the recovery code. */
    static JsonNode enrol(TestServer server, String username) {
        String id = server.users().get(username).id();
        TestServer.Response response = AdminApi.writer(server).post("/users/" + id + "/mfa/enroll", "");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    static TestServer.Response mfaApi(TestServer server, String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return server.send(request.build());
    }

    static List<String> amr(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getStringListClaim("amr");
    }

    // --- the flows ---

    @Test
    void rightPasswordGivesMfaRequiredAndTheOtpGrantGivesTheTokens() throws Exception {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("if_enrolled"), Map.of(), clock)) {
            String secret = enrol(server, "alice").path("secret").asText();

            // a wrong password never says mfa_required: it tells no more than a success would
            TestServer.Response wrong = password(server, "app", "alice", "nope", "");
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.error()).isEqualTo("invalid_grant");
            assertThat(wrong.json().has("mfa_token")).isFalse();

            String token = mfaToken(server, "alice");
            assertThat(server.count("mfa_tokens")).isEqualTo(1);
            long asStored = server.services().stores().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM mfa_tokens WHERE token_hash = :t").bind("t", token).mapTo(Long.class).one());
            assertThat(asStored).as("the mfa_token is stored only as a hash").isZero();

            TestServer.Response done = otp(server, "app", token, code(secret, clock.instant()));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            JsonNode tokens = done.json();
            assertThat(tokens.path("refresh_token").asText()).isNotBlank();
            assertThat(tokens.path("scope").asText()).isEqualTo("openid read");
            assertThat(amr(tokens.path("id_token").asText())).containsExactly("pwd", "otp");
            assertThat(amr(tokens.path("access_token").asText())).containsExactly("pwd", "otp");
            assertThat(SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet().getSubject())
                    .isEqualTo(server.users().get("alice").id());

            // the mfa_token did its one job
            TestServer.Response again = otp(server, "app", token, code(secret, clock.instant()));
            assertThat(again.status()).isEqualTo(403);
            assertThat(again.error()).isEqualTo("invalid_grant");

            // the same code with a fresh mfa_token: already used in its time step
            String second = mfaToken(server, "alice");
            TestServer.Response replay = otp(server, "app", second, code(secret, clock.instant()));
            assertThat(replay.status()).isEqualTo(403);
            assertThat(replay.json().path("error_description").asText()).isEqualTo("Invalid otp_code");
            clock.advance(Duration.ofSeconds(30));
            assertThat(otp(server, "app", second, code(secret, clock.instant())).status()).isEqualTo(200);

            // the refresh token of an MFA login works as any other
            TestServer.Response refreshed = server.form("/oauth/token", "grant_type=refresh_token&refresh_token="
                    + tokens.path("refresh_token").asText(), "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

            // the secret is sealed at rest, like the signing keys
            String sealed = server.services().stores().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT sealed_secret FROM mfa_authenticators").mapTo(String.class).one());
            assertThat(sealed).doesNotContain(secret).matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){4}");
        }
    }

    @Test
    void passwordRealmGrantAsksForTheSecondFactorToo() {
        try (TestServer server = TestServer.start(config("if_enrolled"))) {
            enrol(server, "alice");
            TestServer.Response response = server.form("/oauth/token", "grant_type=" + enc(REALM)
                    + "&username=alice&password=alice-password&realm=database",
                    "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(response.error()).isEqualTo("mfa_required");
        }
    }

    @Test
    void enrolmentThroughTheMfaApi() throws Exception {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("required"), Map.of(), clock)) {
            String token = mfaToken(server, "bob");
            assertThat(mfaApi(server, "GET", "/mfa/authenticators", token, null).json()).isEmpty();

            // refused input first: nothing is written
            assertThat(mfaApi(server, "POST", "/mfa/associate", null, "{\"authenticator_types\":[\"otp\"]}").status())
                    .isEqualTo(401);
            TestServer.Response bad = mfaApi(server, "POST", "/mfa/associate", "not-a-token",
                    "{\"authenticator_types\":[\"otp\"]}");
            assertThat(bad.status()).isEqualTo(401);
            assertThat(bad.error()).isEqualTo("invalid_token");
            assertThat(bad.header("WWW-Authenticate")).startsWith("Bearer");
            TestServer.Response oob = mfaApi(server, "POST", "/mfa/associate", token, "{\"authenticator_types\":[\"oob\"]}");
            assertThat(oob.status()).isEqualTo(400);
            assertThat(oob.error()).isEqualTo("invalid_request");
            assertThat(mfaApi(server, "POST", "/mfa/associate", token, "{\"authenticator_types\":").status())
                    .isEqualTo(400);
            assertThat(server.count("mfa_authenticators")).isZero();

            TestServer.Response associated = mfaApi(server, "POST", "/mfa/associate", token,
                    "{\"authenticator_types\":[\"otp\"]}");
            assertThat(associated.status()).as(associated.body()).isEqualTo(200);
            JsonNode body = associated.json();
            assertThat(body.path("authenticator_type").asText()).isEqualTo("otp");
            String secret = body.path("secret").asText();
            assertThat(secret).matches("[A-Z2-7]{32}");
            assertThat(body.path("barcode_uri").asText()).startsWith("otpauth://totp/Tollgate:bob?secret=" + secret)
                    .contains("issuer=Tollgate");
            assertThat(body.path("recovery_codes")).hasSize(1);

            JsonNode listed = mfaApi(server, "GET", "/mfa/authenticators", token, null).json();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("authenticator_type").asText()).isEqualTo("otp");
            assertThat(listed.get(0).path("active").asBoolean()).isFalse();

            // a wrong first code does not activate it
            assertThat(otp(server, "app", token, "000000".equals(code(secret, clock.instant())) ? "111111" : "000000")
                    .status()).isEqualTo(403);
            TestServer.Response done = otp(server, "app", token, code(secret, clock.instant()));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(amr(done.json().path("access_token").asText())).containsExactly("pwd", "otp");

            // now enrolled: a password alone cannot add another authenticator, nor remove this one
            String next = mfaToken(server, "bob");
            JsonNode now = mfaApi(server, "GET", "/mfa/authenticators", next, null).json();
            assertThat(now.get(0).path("active").asBoolean()).isTrue();
            TestServer.Response twice = mfaApi(server, "POST", "/mfa/associate", next, "{\"authenticator_types\":[\"otp\"]}");
            assertThat(twice.status()).isEqualTo(403);
            assertThat(twice.error()).isEqualTo("access_denied");
            String id = now.get(0).path("id").asText();
            String path = "/mfa/authenticators/" + enc(id);
            assertThat(mfaApi(server, "DELETE", path, next, null).status()).isEqualTo(403);
            assertThat(mfaApi(server, "DELETE", "/mfa/authenticators/nope", next, null).status()).isEqualTo(404);
            assertThat(mfaApi(server, "DELETE", path, AdminApi.writer(server).token(), null).status()).isEqualTo(204);
            assertThat(server.count("mfa_authenticators")).isZero();
        }
    }

    @Test
    void aPendingEnrolmentCanBeRemovedWithTheMfaToken() {
        try (TestServer server = TestServer.start(config("required"))) {
            String token = mfaToken(server, "bob");
            mfaApi(server, "POST", "/mfa/associate", token, "{\"authenticator_types\":[\"otp\"]}");
            String id = mfaApi(server, "GET", "/mfa/authenticators", token, null).json().get(0).path("id").asText();
            // another user's mfa_token does not see it
            String alices = mfaToken(server, "alice");
            assertThat(mfaApi(server, "DELETE", "/mfa/authenticators/" + enc(id), alices, null).status()).isEqualTo(404);
            assertThat(mfaApi(server, "DELETE", "/mfa/authenticators/" + enc(id), token, null).status()).isEqualTo(204);
            assertThat(mfaApi(server, "GET", "/mfa/authenticators", token, null).json()).isEmpty();
        }
    }

    @Test
    void inlineOtpSucceedsInOneStep() throws Exception {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("if_enrolled"), Map.of(), clock)) {
            String secret = enrol(server, "alice").path("secret").asText();
            TestServer.Response done = password(server, "app", "alice", "alice-password",
                    "&scope=openid&otp=" + code(secret, clock.instant()));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(amr(done.json().path("id_token").asText())).containsExactly("pwd", "otp");

            clock.advance(Duration.ofSeconds(30));
            TestServer.Response wrong = password(server, "app", "alice", "alice-password", "&otp=12345x");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.error()).isEqualTo("invalid_grant");
            assertThat(wrong.json().path("error_description").asText()).isEqualTo("Invalid otp_code");
            // a wrong password with a right code is still a wrong password
            TestServer.Response badPassword = password(server, "app", "alice", "nope",
                    "&otp=" + code(secret, clock.instant()));
            assertThat(badPassword.status()).isEqualTo(400);
            assertThat(badPassword.error()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void aRecoveryCodeWorksOnceAndIsReplaced() throws Exception {
        try (TestServer server = TestServer.start(config("if_enrolled"))) {
            String code = enrol(server, "alice").path("recovery_codes").get(0).asText();
            assertThat(code).matches("[A-Z2-9]{24}");
            TestServer.Response done = recovery(server, mfaToken(server, "alice"), code);
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            String replacement = done.json().path("recovery_code").asText();
            assertThat(replacement).matches("[A-Z2-9]{24}").isNotEqualTo(code);
            assertThat(amr(done.json().path("access_token").asText())).containsExactly("pwd", "mfa");

            TestServer.Response reused = recovery(server, mfaToken(server, "alice"), code);
            assertThat(reused.status()).isEqualTo(403);
            assertThat(reused.error()).isEqualTo("invalid_grant");
            assertThat(recovery(server, mfaToken(server, "alice"), replacement).status()).isEqualTo(200);
            long stored = server.services().stores().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM mfa_recovery_codes WHERE code_hash IN (:a, :b)")
                    .bind("a", code).bind("b", replacement).mapTo(Long.class).one());
            assertThat(stored).as("recovery codes are stored only as hashes").isZero();
        }
    }

    @Test
    void wrongCodesCountTowardsTheLockout() {
        try (TestServer server = TestServer.start(config("if_enrolled"),
                Map.of("brute_force.max_failures", "3", "brute_force.ip_requests_per_minute", "0"))) {
            enrol(server, "alice");
            String token = mfaToken(server, "alice");
            assertThat(otp(server, "app", token, "000000").status()).isEqualTo(403);
            assertThat(otp(server, "app", token, "000001").status()).isEqualTo(403);
            // a right password between wrong codes does not wipe the count
            String fresh = mfaToken(server, "alice");
            assertThat(otp(server, "app", fresh, "000002").status()).isEqualTo(403);
            TestServer.Response locked = otp(server, "app", fresh, "000003");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.error()).isEqualTo("too_many_attempts");
            assertThat(locked.header("Retry-After")).isNotNull();
            TestServer.Response passwordToo = password(server, "app", "alice", "alice-password", "");
            assertThat(passwordToo.status()).isEqualTo(429);
            assertThat(server.audit("lockout_started")).isNotEmpty();
        }
    }

    @Test
    void anMfaTokenDiesAfterFiveWrongCodes() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("if_enrolled"),
                Map.of("brute_force.max_failures", "0", "brute_force.ip_requests_per_minute", "0"), clock)) {
            String secret = enrol(server, "alice").path("secret").asText();
            String token = mfaToken(server, "alice");
            String right = code(secret, clock.instant());
            for (int i = 0; i < 5; i++) {
                String wrong = String.format("%06d", (Integer.parseInt(right) + 1 + i) % 1_000_000);
                assertThat(otp(server, "app", token, wrong).status()).isEqualTo(403);
            }
            TestServer.Response dead = otp(server, "app", token, right);
            assertThat(dead.status()).isEqualTo(403);
            assertThat(dead.error()).isEqualTo("invalid_grant");
            assertThat(dead.json().path("error_description").asText()).contains("mfa_token");
        }
    }

    @Test
    void expiredForeignAndMalformedRequestsAreRefused() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("if_enrolled"), Map.of(), clock)) {
            String secret = enrol(server, "alice").path("secret").asText();
            String token = mfaToken(server, "alice");

            // another client's mfa_token
            TestServer.Response foreign = otp(server, "other", token, code(secret, clock.instant()));
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.error()).isEqualTo("invalid_grant");
            // a client not registered for the grant
            TestServer.Response notAllowed = otp(server, "plain", token, code(secret, clock.instant()));
            assertThat(notAllowed.status()).isEqualTo(400);
            assertThat(notAllowed.error()).isEqualTo("unauthorized_client");
            // missing parameters
            TestServer.Response noOtp = server.form("/oauth/token", "grant_type=" + enc(MFA_OTP) + "&mfa_token=" + token,
                    "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(noOtp.status()).isEqualTo(400);
            assertThat(noOtp.error()).isEqualTo("invalid_request");
            assertThat(otp(server, "app", "made-up", code(secret, clock.instant())).status()).isEqualTo(403);

            // five minutes later the token is gone
            clock.advance(Duration.ofSeconds(301));
            TestServer.Response expired = otp(server, "app", token, code(secret, clock.instant()));
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.error()).isEqualTo("invalid_grant");
            assertThat(mfaApi(server, "GET", "/mfa/authenticators", token, null).status()).isEqualTo(401);
        }
    }

    @Test
    void policyOffLetsPasswordsAloneThrough() {
        try (TestServer server = TestServer.start(config("off"))) {
            enrol(server, "alice");
            assertThat(password(server, "app", "alice", "alice-password", "").status()).isEqualTo(200);
        }
    }

    @Test
    void policyIfEnrolledAsksOnlyEnrolledUsers() {
        try (TestServer server = TestServer.start(config("if_enrolled"))) {
            enrol(server, "alice");
            assertThat(password(server, "app", "alice", "alice-password", "").status()).isEqualTo(403);
            assertThat(password(server, "app", "bob", "bob-password", "").status()).isEqualTo(200);
        }
    }

    @Test
    void policyRequiredAsksEveryone() {
        try (TestServer server = TestServer.start(config("required"))) {
            assertThat(password(server, "app", "bob", "bob-password", "").error()).isEqualTo("mfa_required");
        }
    }

    @Test
    void aClientCanOnlyBeStricterThanTheServer() {
        String strict = """
                [[clients]]
                id = "strict"
                secret = "strict-secret"
                grant_types = ["password", "%s"]
                scopes = ["read"]
                mfa = "required"

                [[clients]]
                id = "lax"
                secret = "lax-secret"
                grant_types = ["password", "%s"]
                scopes = ["read"]
                mfa = "off"

                """.formatted(MFA_OTP, MFA_OTP);
        try (TestServer server = TestServer.start("[mfa]\npolicy = \"if_enrolled\"\n\n" + clients(strict))) {
            enrol(server, "alice");
            assertThat(password(server, "strict", "bob", "bob-password", "").error()).isEqualTo("mfa_required");
            assertThat(password(server, "app", "bob", "bob-password", "").status()).isEqualTo(200);
            assertThat(password(server, "lax", "alice", "alice-password", "").error()).isEqualTo("mfa_required");
        }
    }

    @Test
    void metadataListsTheExtensionGrants() {
        try (TestServer server = TestServer.start(config("if_enrolled"))) {
            JsonNode metadata = server.get("/.well-known/oauth-authorization-server").json();
            assertThat(metadata.path("grant_types_supported").toString()).contains(MFA_OTP, MFA_RECOVERY);
        }
    }

    @Test
    void adminApiEnrolsListsAndResets() {
        try (TestServer server = TestServer.start(config("if_enrolled"))) {
            AdminApi admin = AdminApi.writer(server);
            String id = server.users().get("alice").id();
            String base = "/users/" + id + "/mfa";
            assertThat(admin.get(base).json().path("items")).isEmpty();
            JsonNode enrolled = enrol(server, "alice");
            assertThat(enrolled.path("id").asText()).startsWith("totp|");
            AdminApi.assertProblem(admin.post(base + "/enroll", ""), 409);
            JsonNode items = admin.get(base).json().path("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).path("active").asBoolean()).isTrue();
            assertThat(AdminApi.reader(server).post(base + "/enroll", "").status()).isEqualTo(403);
            AdminApi.assertProblem(admin.get("/users/nobody/mfa"), 404);

            assertThat(admin.delete(base).status()).isEqualTo(204);
            assertThat(admin.get(base).json().path("items")).isEmpty();
            assertThat(server.count("mfa_recovery_codes")).isZero();
            assertThat(password(server, "app", "alice", "alice-password", "").status()).isEqualTo(200);

            // the per-client policy through the admin API
            TestServer.Response bad = admin.post("/clients",
                    "{\"id\":\"c1\",\"grant_types\":[\"password\"],\"mfa\":\"sometimes\"}");
            AdminApi.assertProblem(bad, 422);
            assertThat(server.services().stores().clients().find("c1")).isEmpty();
            TestServer.Response good = admin.post("/clients",
                    "{\"id\":\"c2\",\"grant_types\":[\"password\"],\"mfa\":\"required\"}");
            assertThat(good.status()).as(good.body()).isEqualTo(201);
            assertThat(good.json().path("mfa").asText()).isEqualTo("required");

            // a user removed takes the second factors along
            String bob = server.users().get("bob").id();
            enrol(server, "bob");
            mfaToken(server, "bob");
            assertThat(admin.delete("/users/" + bob).status()).isEqualTo(204);
            assertThat(server.count("mfa_authenticators") + server.count("mfa_recovery_codes")
                    + server.count("mfa_tokens")).isZero();
        }
    }

    @Test
    void theCommandLineEnrolsListsAndResets() {
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start(config("if_enrolled"), Map.of(), clock)) {
            CliProcess.Result enrolled = CliProcess.against(server, null, "user", "mfa", "enroll", "alice");
            assertThat(enrolled.exit()).as(enrolled.err()).isZero();
            String out = enrolled.out();
            String secret = out.lines().filter(l -> l.startsWith("secret: ")).findFirst().orElseThrow()
                    .substring("secret: ".length());
            assertThat(out).contains("uri: otpauth://totp/Tollgate:alice?secret=" + secret)
                    .contains("\u2588").containsPattern("recovery code: [A-Z2-9]{24}");
            // active at once
            assertThat(otp(server, "app", mfaToken(server, "alice"), code(secret, clock.instant())).status())
                    .isEqualTo(200);

            CliProcess.Result twice = CliProcess.against(server, null, "user", "mfa", "enroll", "alice");
            assertThat(twice.exit()).isNotZero();
            assertThat(twice.err()).contains("already has an active authenticator");
            CliProcess.Result listed = CliProcess.against(server, null, "user", "mfa", "list", "alice");
            assertThat(listed.out()).contains("totp|").contains("active");
            CliProcess.Result reset = CliProcess.against(server, null, "user", "mfa", "reset", "alice");
            assertThat(reset.exit()).as(reset.err()).isZero();
            assertThat(reset.out()).contains("1 authenticator removed");
            assertThat(password(server, "app", "alice", "alice-password", "").status()).isEqualTo(200);
            assertThat(CliProcess.against(server, null, "user", "mfa", "list", "nobody").exit()).isNotZero();

            // a client's own policy from the command line
            CliProcess.Result bad = CliProcess.against(server, null, "client", "add", "c9", "--mfa", "sometimes");
            assertThat(bad.exit()).isNotZero();
            assertThat(bad.err()).contains("mfa");
            assertThat(CliProcess.against(server, null, "client", "add", "c9", "--mfa", "required").exit()).isZero();
            assertThat(CliProcess.against(server, null, "client", "list").out()).contains("mfa=required");
        }
    }

    @Test
    void theConsoleEnrolsListsAndResets() {
        String root = """
                [[users]]
                username = "root"
                password = "root-password"
                scopes = ["tollgate:admin"]

                """;
        MovableClock clock = new MovableClock();
        try (TestServer server = TestServer.start("[mfa]\npolicy = \"if_enrolled\"\n\n" + clients(root), Map.of(),
                clock)) {
            TestServer.Response login = server.get("/console/login");
            String cookie = cookie(login);
            TestServer.Response signedIn = console(server, "/console/login", cookie, csrf(login.body()),
                    "username=root&password=root-password");
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
            cookie = cookie(signedIn);
            TestServer.Response page = server.get("/console/user?username=alice", "Cookie", "tollgate_console=" + cookie);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Multi-factor authentication").contains("No authenticator.");
            String csrf = csrf(page.body());

            TestServer.Response enrolled = console(server, "/console/user/mfa/enroll", cookie, csrf, "username=alice");
            assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
            assertThat(enrolled.header("Cache-Control")).contains("no-store");
            java.util.regex.Matcher secret = java.util.regex.Pattern.compile("Secret: <code>([A-Z2-7]+)</code>")
                    .matcher(enrolled.body());
            assertThat(secret.find()).as(enrolled.body()).isTrue();
            assertThat(enrolled.body()).contains("<svg").contains("active").containsPattern("Recovery code: <code>[A-Z2-9]{24}");
            assertThat(otp(server, "app", mfaToken(server, "alice"), code(secret.group(1), clock.instant())).status())
                    .isEqualTo(200);

            assertThat(console(server, "/console/user/mfa/enroll", cookie, csrf, "username=alice").status())
                    .isEqualTo(409);
            TestServer.Response reset = console(server, "/console/user/mfa/reset", cookie, csrf, "username=alice");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.body()).contains("1 authenticator removed").contains("No authenticator.");
            // without the CSRF token nothing happens
            server.services().admin().mfa().enroll("alice");
            assertThat(console(server, "/console/user/mfa/reset", cookie, "wrong", "username=alice").status())
                    .isEqualTo(403);
            assertThat(server.count("mfa_authenticators")).isEqualTo(1);
            assertThat(server.audit("admin_change").toString()).contains("authenticator");
        }
    }

    static TestServer.Response console(TestServer server, String path, String cookie, String csrf, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tollgate_console=" + cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body + "&_csrf=" + csrf)).build());
    }

    static String cookie(TestServer.Response response) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("tollgate_console=([^;]*)")
                .matcher(response.header("Set-Cookie"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    static String csrf(String body) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }

    @Test
    void configurationRefusesUnknownPolicies() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start("[mfa]\npolicy = \"sometimes\"\n"))
                .hasMessageContaining("mfa.policy");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(
                "[[clients]]\nid = \"x\"\nsecret = \"s\"\nmfa = \"never\"\n")).hasMessageContaining("mfa");
    }
}
