package dev.tollgate.oauth.clientauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.store.Client;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a presented client secret against the stored Argon2id hash. A client sends the same
 * secret on every request, so after one successful check the secret's HMAC under a key that lives
 * only in this process's memory is remembered for a few minutes, keyed by the stored hash: later
 * requests cost one HMAC instead of one Argon2id run, and a changed or removed secret no longer
 * matches. The plaintext is never kept.
 */
public final class ClientSecretVerifier {
    private final PasswordHasher hasher;
    private final HashPool pool;
    private final SecretKeySpec cacheKey;
    private final Cache<String, byte[]> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private final Clock clock;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public ClientSecretVerifier(PasswordHasher hasher, HashPool pool, Clock clock) {
        this.hasher = hasher;
        this.pool = pool;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Checks the current secret and, during its grace period, the one it replaced. */
    public boolean verify(Client client, String presented) {
        if (presented == null) {
            return false;
        }
        if (matches(client.id(), client.secretHash(), presented)) {
            return true;
        }
        Client.PreviousSecret previous = client.previousSecret();
        return previous != null && previous.expiresAt() > clock.instant().getEpochSecond()
                && matches(client.id(), previous.hash(), presented);
    }

    private boolean matches(String clientId, String hash, String presented) {
        if (hash == null) {
            return false;
        }
        String entry = clientId + '\u0000' + hash;
        byte[] mac = mac(presented);
        byte[] known = verified.getIfPresent(entry);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        boolean ok = pool.run(() -> hasher.verify(presented, hash));
        if (ok) {
            verified.put(entry, mac);
        }
        return ok;
    }

    private byte[] mac(String secret) {
        // one initialised Mac per thread: looking up the provider and keying it cost more than the MAC
        return macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
