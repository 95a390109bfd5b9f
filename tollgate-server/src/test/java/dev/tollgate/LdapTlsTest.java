package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LDAPS and StartTLS to a directory whose certificate a test CA made here signed: trusted through
 * trust_cert, and refused (503, not a wrong password) without it.
 */
class LdapTlsTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static TestLdap ldaps;
    static TestLdap startTls;
    static TestLdap plainLdap;
    static TestServer server;

    /** A CA, and a server certificate for 127.0.0.1 it signed. */
    record TestCa(Path caPem, SSLContext serverTls, Path certPem, Path keyPem) {
        static TestCa create(Path dir) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=Tollgate Test CA");
            JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), caName,
                    caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(
                    caBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            JcaX509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(
                    serverBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            Path caPem = dir.resolve("ca.pem");
            Path certPem = dir.resolve("server-cert.pem");
            Path keyPem = dir.resolve("server-key.pem");
            write(caPem, caCert);
            write(certPem, serverCert);
            write(keyPem, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(serverKeys.getPrivate(), null));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), new char[0],
                    new X509Certificate[] {serverCert, caCert});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new TestCa(caPem, context, certPem, keyPem);
        }

        private static void write(Path file, Object pem) throws Exception {
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(pem);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create(dir);
        ldaps = TestLdap.start(false, TestLdap.Tls.LDAPS, ca.serverTls());
        ldaps.user("alice");
        startTls = TestLdap.start(false, TestLdap.Tls.START_TLS, ca.serverTls());
        startTls.user("alice");
        plainLdap = TestLdap.openLdap();
        plainLdap.user("alice");
        String trust = ca.caPem().toString();
        server = TestServer.start(Toml.config()
                .client("ldaps", "directories", Toml.list("ldaps"))
                .client("starttls", "directories", Toml.list("starttls"))
                .client("untrusted", "directories", Toml.list("untrusted"))
                .client("plain", "directories", Toml.list("plain"))
                .directory("ldaps", ldaps.settings("trust_cert", trust))
                .directory("starttls", startTls.settings("start_tls", true, "trust_cert", trust))
                .directory("untrusted", ldaps.settings("timeout_ms", 1000))
                .directory("plain", plainLdap.settings("start_tls", true, "trust_cert", trust, "timeout_ms", 1000))
                .toString());
    }

    @AfterAll
    static void stop() {
        server.close();
        ldaps.close();
        startTls.close();
        plainLdap.close();
    }

    static TestServer.Response login(String client, String password) {
        return server.form("/oauth/token", "grant_type=password&username=alice&password=" + password,
                "Authorization", TestServer.basic(client, client + "-secret"));
    }

    @Test
    void ldapsWithTheTrustedCa() {
        assertThat(ldaps.url()).startsWith("ldaps://");
        TestServer.Response response = login("ldaps", "alice-password");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(login("ldaps", "wrong").error()).isEqualTo("invalid_grant");
    }

    @Test
    void startTlsBeforeAnyBind() {
        TestServer.Response response = login("starttls", "alice-password");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        // a server that cannot start TLS is never sent the password in the clear
        TestServer.Response plain = login("plain", "alice-password");
        assertThat(plain.status()).as(plain.body()).isEqualTo(503);
        assertThat(plainLdap.userBinds()).isZero();
    }

    @Test
    void aCertificateNotTrustedIsAnOutageNotAWrongPassword() {
        TestServer.Response response = login("untrusted", "alice-password");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.error()).isEqualTo("temporarily_unavailable");
    }
}
