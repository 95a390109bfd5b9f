package dev.tollgate.oauth.clientauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.LoginQueue;
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
 * Checks a presented client secret against the stored hash. A generated secret's SHA-256
 * ({@link GeneratedSecretHash}) costs next to nothing to check, so a wrong one does too. A secret
 * chosen by hand has an Argon2id hash, which is checked in the {@link LoginQueue}'s turn like a
 * password, so that wrong guesses from one address queue behind real logins. A client sends the
 * same secret on every request, so after one successful Argon2id check the secret's HMAC under a
 * key that lives only in this process's memory is remembered for a few minutes, keyed by the
 * stored hash: later requests cost one HMAC, and a changed or removed secret no longer matches.
 * The plaintext is never kept.
 */
public final class ClientSecretVerifier {
    private final PasswordHasher hasher;
    private final HashPool pool;
    private final LoginQueue queue;
    private final SecretKeySpec cacheKey;
    private final Cache<String, byte[]> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private final Clock clock;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public ClientSecretVerifier(PasswordHasher hasher, HashPool pool, LoginQueue queue, Clock clock) {
        this.hasher = hasher;
        this.pool = pool;
        this.queue = queue;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Checks the current secret and, during its grace period, the one it replaced. */
    public boolean verify(Client client, String presented, String clientIp) {
        if (presented == null) {
            return false;
        }
        if (matches(client.id(), client.secretHash(), presented, clientIp)) {
            return true;
        }
        Client.PreviousSecret previous = client.previousSecret();
        return previous != null && previous.expiresAt() > clock.instant().getEpochSecond()
                && matches(client.id(), previous.hash(), presented, clientIp);
    }

    private boolean matches(String clientId, String hash, String presented, String clientIp) {
        if (hash == null) {
            return false;
        }
        if (GeneratedSecretHash.recognizes(hash)) {
            return GeneratedSecretHash.matches(presented, hash);
        }
        String entry = clientId + '\u0000' + hash;
        byte[] mac = mac(presented);
        byte[] known = verified.getIfPresent(entry);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        boolean ok = queue.check(clientIp, () -> pool.run(() -> hasher.verify(presented, hash)));
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
