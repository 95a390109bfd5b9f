package dev.tollgate.http;

import dev.tollgate.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An HTTPS connector from PEM files (RFC 6749 section 1.6 requires TLS for the token endpoint): the
 * certificate file holds the server certificate followed by any intermediates, the key file its
 * unencrypted private key (PKCS#8, PKCS#1 or SEC 1). Bouncy Castle reads the PEM; Jetty does TLS.
 */
public final class TlsConnector {
    private TlsConnector() {}

    public static ServerConnector create(Server server, HttpConfiguration http, String host, int port, Path cert, Path key) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        char[] password = new char[0];
        tls.setKeyStore(keyStore(cert, key, password));
        tls.setKeyStorePassword("");
        HttpConfiguration https = new HttpConfiguration(http);
        // SNI host checking would refuse clients that connect by IP address, as tests and curl -k do.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    static KeyStore keyStore(Path certFile, Path keyFile, char[] password) {
        List<Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        for (Object item : read(certFile, "server.tls.cert")) {
            if (item instanceof X509CertificateHolder holder) {
                try {
                    chain.add(certificates.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new ConfigException("config key 'server.tls.cert': unusable certificate in " + certFile);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new ConfigException("config key 'server.tls.cert': no PEM certificate in " + certFile);
        }
        PrivateKey privateKey = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tollgate", privateKey, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("config key 'server.tls.key': the key does not fit the certificate: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyFile) {
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        for (Object item : read(keyFile, "server.tls.key")) {
            try {
                if (item instanceof PrivateKeyInfo info) {
                    return keys.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // the public half of a PKCS#1 or SEC 1 key is optional, so take only the private one
                    return keys.getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new ConfigException("config key 'server.tls.key': unusable private key in " + keyFile + ": "
                        + e.getMessage(), e);
            }
        }
        throw new ConfigException("config key 'server.tls.key': no unencrypted PEM private key in " + keyFile);
    }

    private static List<Object> read(Path file, String configKey) {
        List<Object> items = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                items.add(item);
            }
        } catch (IOException e) {
            throw new ConfigException("config key '" + configKey + "': cannot read PEM file " + file + ": "
                    + e.getMessage(), e);
        }
        return items;
    }
}
