package dev.tollgate.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import dev.tollgate.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be kept recoverable (a client_secret_jwt client's secret) under the
 * server key, as compact JWE (direct AES-256-GCM). The key is {@code [keys] encryption_key} when
 * set, else read from {@code [keys] encryption_key_file}, which is generated (mode 600) the first
 * time a secret is sealed. Every node of a cluster needs the same key.
 */
public final class SecretBox {
    private final String configuredKey;
    private final Path keyFile;
    private volatile SecretKey key;

    public SecretBox(String configuredKey, Path keyFile) {
        this.configuredKey = configuredKey;
        this.keyFile = keyFile;
    }

    public String seal(String plaintext) {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                new Payload(plaintext.getBytes(StandardCharsets.UTF_8)));
        try {
            jwe.encrypt(new DirectEncrypter(key(true)));
        } catch (JOSEException e) {
            throw new IllegalStateException("sealing failed", e);
        }
        return jwe.serialize();
    }

    /** Whether the value has the form of what {@link #seal} returns (a compact JWE), not plain JSON. */
    public static boolean looksSealed(String value) {
        return !value.stripLeading().startsWith("{");
    }

    public String open(String sealed) {
        try {
            JWEObject jwe = JWEObject.parse(sealed);
            jwe.decrypt(new DirectDecrypter(key(false)));
            return new String(jwe.getPayload().toBytes(), StandardCharsets.UTF_8);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("a sealed secret cannot be opened with this server key", e);
        }
    }

    private SecretKey key(boolean createIfMissing) {
        SecretKey current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = load(createIfMissing);
                }
                current = key;
            }
        }
        return current;
    }

    private SecretKey load(boolean createIfMissing) {
        if (!configuredKey.isEmpty()) {
            return decode(configuredKey, "config key 'keys.encryption_key'");
        }
        try {
            if (!Files.exists(keyFile)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("server key file " + keyFile + " is missing");
                }
                generate();
            }
            return decode(Files.readString(keyFile).trim(), "server key file " + keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("server key file " + keyFile + " unreadable", e);
        }
    }

    private void generate() throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".key", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection applies
        }
        Files.writeString(temp, Base64.getEncoder().encodeToString(bytes) + "\n");
        try {
            // a link, unlike a rename, never replaces a key another process created meanwhile
            Files.createLink(keyFile, temp);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // the other process's key wins; it is read below
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static SecretKey decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + " is not base64");
        }
        if (bytes.length != 32) {
            throw new ConfigException(where + " must hold 32 bytes (base64), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
