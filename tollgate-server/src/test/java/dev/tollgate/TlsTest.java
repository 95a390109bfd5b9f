package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigException;
import dev.tollgate.server.Tollgate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTPS straight from PEM files made here for the test, and the warning for plain HTTP beyond loopback. */
class TlsTest {
    @TempDir
    Path dir;

    record Pem(Path cert, Path key, X509Certificate certificate) {}

    /** A self-signed certificate for 127.0.0.1; an RSA key as PKCS#1 ("RSA PRIVATE KEY"), an EC key as PKCS#8. */
    Pem selfSigned(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                        .build(pair.getPrivate())));
        Path cert = dir.resolve(algorithm + "-cert.pem");
        Path key = dir.resolve(algorithm + "-key.pem");
        try (Writer out = Files.newBufferedWriter(cert); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(algorithm.equals("RSA") ? pair.getPrivate() : new JcaPKCS8Generator(pair.getPrivate(), null));
        }
        return new Pem(cert, key, certificate);
    }

    static HttpClient trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tollgate", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void tokenWhenTlsConfiguredThenServedOverHttpsOnly(String algorithm) throws Exception {
        Pem pem = selfSigned(algorithm);
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", pem.cert().toString(), "server.tls.key", pem.key().toString()))) {
            assertThat(server.tollgate.localUrl()).startsWith("https://127.0.0.1:");
            HttpClient https = trusting(pem.certificate());
            HttpResponse<String> token = https.send(HttpRequest.newBuilder(URI.create(server.url("/oauth/token")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Authorization", TestServer.basic("app", "app-secret"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "grant_type=password&username=alice&password=alice-password"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(TestServer.JSON.readTree(token.body()).get("access_token").asText()).isNotBlank();
            assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");

            HttpResponse<String> metadata = https.send(HttpRequest.newBuilder(
                    URI.create(server.url("/.well-known/oauth-authorization-server"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = TestServer.JSON.readTree(metadata.body());
            assertThat(json.get("issuer").asText()).isEqualTo(server.tollgate.localUrl());
            assertThat(json.get("token_endpoint").asText()).startsWith("https://");

            String plain = server.url("/health/live").replace("https://", "http://");
            int plainStatus;
            try {
                plainStatus = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException e) {
                plainStatus = -1;
            }
            assertThat(plainStatus).as("plain HTTP on the TLS port").isNotEqualTo(200);
        }
    }

    @Test
    void consoleCookieWhenServedOverTlsThenSecure() throws Exception {
        Pem pem = selfSigned("EC");
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", pem.cert().toString(), "server.tls.key", pem.key().toString()))) {
            HttpResponse<String> login = trusting(pem.certificate()).send(
                    HttpRequest.newBuilder(URI.create(server.url("/console/login"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("; Secure").contains("HttpOnly").contains("SameSite=Strict");
        }
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE)) {
            assertThat(server.get("/console/login").header("Set-Cookie")).doesNotContain("Secure");
        }
    }

    @Test
    void startWhenTlsFilesUnusableThenConfigErrorNamesTheKey() throws Exception {
        Pem pem = selfSigned("EC");
        assertThatThrownBy(() -> TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", pem.cert().toString(), "server.tls.key", pem.cert().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.tls.key");
        assertThatThrownBy(() -> TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", pem.key().toString(), "server.tls.key", pem.key().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.tls.cert");
        assertThatThrownBy(() -> TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", pem.cert().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.tls.key");
        assertThatThrownBy(() -> TestServer.start(TestServer.APP_AND_ALICE,
                Map.of("server.tls.cert", dir.resolve("missing.pem").toString(), "server.tls.key", pem.key().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.tls.cert");
    }

    @Test
    void plainHttpBeyondLoopbackIsFlaggedAndTlsOrLoopbackIsNot() throws Exception {
        Pem pem = selfSigned("EC");
        try (TestServer loopback = TestServer.start(TestServer.APP_AND_ALICE)) {
            assertThat(loopback.tollgate.servesPlainHttpBeyondLoopback()).isFalse();
        }
        try (TestServer everywhere = TestServer.start(TestServer.APP_AND_ALICE, Map.of("server.host", "0.0.0.0"))) {
            assertThat(everywhere.tollgate.servesPlainHttpBeyondLoopback()).isTrue();
        }
        try (TestServer tls = TestServer.start(TestServer.APP_AND_ALICE, Map.of("server.host", "0.0.0.0",
                "server.tls.cert", pem.cert().toString(), "server.tls.key", pem.key().toString()))) {
            Tollgate tollgate = tls.tollgate;
            assertThat(tollgate.servesPlainHttpBeyondLoopback()).isFalse();
        }
    }

    @Test
    void serveWhenPlainHttpOnAllInterfacesThenWarnsLoudly() throws Exception {
        Process process = CliProcess.builder(dir, List.of("serve", "--host", "0.0.0.0", "--port", "0",
                        "--set", "metrics.port=0", "--set", "passwords.memory_kib=64", "--set", "passwords.iterations=1"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> warning = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = err.readLine(); line != null; line = err.readLine()) {
                        if (line.contains("WARNING")) {
                            return line + "\n" + err.readLine() + "\n" + err.readLine();
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String text = warning.get(60, TimeUnit.SECONDS);
            assertThat(text).as("a warning on standard error").isNotNull();
            assertThat(text).contains("plain HTTP").contains("0.0.0.0").contains("unencrypted");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
