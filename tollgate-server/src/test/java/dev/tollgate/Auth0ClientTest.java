package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth0's own client library, the {@code auth0} npm package's {@code AuthenticationClient}, run
 * with Node against Tollgate over HTTPS as an application written for Auth0 runs it: its password
 * grant meets {@code mfa_required}, the {@code mfa-otp} exchange gives tokens whose ID token the
 * library validates (issuer {@code https://DOMAIN/}, signature from the JWKS), and the inline
 * {@code otp} goes through its password grant unchanged. The package is installed with
 * {@code npm ci} from the committed lock file into {@code target/}.
 */
class Auth0ClientTest {
    private static final Path PROJECT = Path.of("src/test/node");
    private static final Path INSTALL = Path.of("target/auth0-client");

    @TempDir
    Path tls;

    @Test
    void auth0AuthenticationClientSpeaksTheFlowUnchanged() throws Exception {
        installClient();
        int port = freePort();
        Path cert = certificate();
        String toml = MfaTest.config("if_enrolled");
        Path dir = Files.createTempDirectory("tollgate-test");
        try (TestServer server = TestServer.start(dir, toml, Map.of(
                "server.port", Integer.toString(port),
                "server.tls.cert", cert.toString(),
                "server.tls.key", tls.resolve("key.pem").toString(),
                // Auth0's issuer is https://DOMAIN/, with the slash; its client checks exactly that
                "server.issuer", "https://localhost:" + port + "/"))) {
            String alice = server.services().admin().mfa().enroll("alice").secret();
            String bob = server.services().admin().mfa().enroll("bob").secret();
            Instant now = Instant.now();

            JsonNode out = runClient(Map.of(
                    "DOMAIN", "localhost:" + port,
                    "CLIENT_ID", "app",
                    "CLIENT_SECRET", "app-secret",
                    "ALICE_OTP", MfaTest.code(alice, now),
                    "BOB_OTP", MfaTest.code(bob, now),
                    "NODE_EXTRA_CA_CERTS", cert.toString(),
                    // the server listens on 127.0.0.1; Node would otherwise try ::1 first for localhost
                    "NODE_OPTIONS", "--dns-result-order=ipv4first"));

            JsonNode wrong = out.path("wrongPassword");
            assertThat(wrong.path("ok").asBoolean()).isFalse();
            assertThat(wrong.path("error").asText()).isEqualTo("invalid_grant");

            JsonNode required = out.path("mfaRequired");
            assertThat(required.path("name").asText()).isEqualTo("AuthApiError");
            assertThat(required.path("statusCode").asInt()).isEqualTo(403);
            assertThat(required.path("error").asText()).isEqualTo("mfa_required");
            assertThat(required.path("error_description").asText()).isEqualTo("Multifactor authentication required");

            JsonNode otp = out.path("mfaOtp").path("tokens");
            assertThat(out.path("mfaOtp").path("status").asInt()).isEqualTo(200);
            assertThat(otp.path("refresh_token").asText()).isNotBlank();
            assertThat(SignedJWT.parse(otp.path("id_token").asText()).getJWTClaimsSet().getStringListClaim("amr"))
                    .isEqualTo(List.of("pwd", "otp"));

            JsonNode inline = out.path("inline").path("tokens");
            assertThat(SignedJWT.parse(inline.path("id_token").asText()).getJWTClaimsSet().getIssuer())
                    .isEqualTo("https://localhost:" + port + "/");
            assertThat(SignedJWT.parse(inline.path("access_token").asText()).getJWTClaimsSet()
                    .getStringListClaim("amr")).isEqualTo(List.of("pwd", "otp"));
        }
    }

    /** {@code npm ci} from the committed lock file, once per lock file. */
    private static void installClient() throws Exception {
        Files.createDirectories(INSTALL);
        byte[] lock = Files.readAllBytes(PROJECT.resolve("package-lock.json"));
        Path installedLock = INSTALL.resolve("package-lock.json");
        boolean current = Files.exists(INSTALL.resolve("node_modules/auth0")) && Files.exists(installedLock)
                && java.util.Arrays.equals(lock, Files.readAllBytes(installedLock));
        for (String file : List.of("package.json", "package-lock.json", "auth0-client.js")) {
            Files.copy(PROJECT.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!current) {
            Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
            assertThat(result.exit()).as("npm ci: " + result.err()).isZero();
        }
    }

    private static JsonNode runClient(Map<String, String> env) throws Exception {
        Result result = run(List.of("node", "auth0-client.js"), env, Duration.ofMinutes(1));
        assertThat(result.exit()).as("node: " + result.err() + result.out()).isZero();
        return TestServer.JSON.readTree(result.out());
    }

    record Result(int exit, String out, String err) {}

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(INSTALL.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(Process process, boolean error) {
        try {
            return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A self-signed certificate for localhost (and 127.0.0.1), which Node is told to trust. */
    private Path certificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Path cert = tls.resolve("cert.pem");
        try (Writer out = Files.newBufferedWriter(cert); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        try (Writer out = Files.newBufferedWriter(tls.resolve("key.pem")); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pair.getPrivate());
        }
        return cert;
    }
}
