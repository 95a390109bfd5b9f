package dev.tollgate.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs and verifies the server's tokens with the keys of the {@link KeyRing}: per algorithm
 * the newest key whose activation has come signs, and every key not yet retired is published
 * and verifies. The keys are read again by {@link #reload()} (scheduled by the server), and at
 * once, at most once a second, when a token names a key this process does not know yet, so a
 * key rotated on another node is honoured here without waiting.
 */
public final class SigningKeys {
    private final KeyRing ring;
    private final Provider provider;
    private final AtomicLong lastReload = new AtomicLong();
    private volatile KeySet current;

    private SigningKeys(KeyRing ring, Provider provider) {
        this.ring = ring;
        this.provider = provider;
        reload();
    }

    /** Prepares the stored keys (creating and sealing what is missing) and loads them. */
    public static SigningKeys load(KeyRing ring) {
        return load(ring, null);
    }

    /**
     * Like {@link #load(KeyRing)}, with RSA and ECDSA signatures by {@code provider} (null: the
     * JDK's providers).
     */
    public static SigningKeys load(KeyRing ring, Provider provider) {
        ring.prepare();
        return new SigningKeys(ring, provider);
    }

    /** The name of the provider of RSA and ECDSA signatures. */
    public String providerName() {
        return provider == null ? "JDK" : provider.getName();
    }

    public void reload() {
        List<JWK> published = new ArrayList<>();
        List<JWK> signing = new ArrayList<>();
        long now = ring.now();
        for (KeyRing.Opened key : ring.published()) {
            published.add(key.jwk());
            if (key.stored().activeFrom() <= now) {
                signing.add(key.jwk());
            }
        }
        current = new KeySet(published, signing, provider);
        lastReload.set(System.nanoTime());
    }

    /** Signs the claims with the active key of the algorithm (RS256, ES256 or EdDSA) as a compact JWS. */
    public String sign(JWTClaimsSet claims, JOSEObjectType type, String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        KeySet keys = current;
        JWK key = keys.active(alg);
        if (key == null) {
            throw new IllegalStateException("no active signing key for " + algorithm);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(type).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(keys.signer(alg));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        return sign(claims, type, "RS256");
    }

    /** Whether the JWT carries a valid signature by one of our published keys, with that key's algorithm. */
    public boolean verify(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            return false;
        }
        JWSVerifier verifier = current.verifier(kid);
        if (verifier == null && reloadSoon()) {
            verifier = current.verifier(kid);
        }
        if (verifier == null || !verifier.supportedJWSAlgorithms().contains(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /** Reloads unless that happened less than a second ago, so unknown kids cannot flood storage. */
    private boolean reloadSoon() {
        long last = lastReload.get();
        if (System.nanoTime() - last < 1_000_000_000L || !lastReload.compareAndSet(last, System.nanoTime())) {
            return false;
        }
        try {
            reload();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public JWKSet publicKeys() {
        return current.publicKeys();
    }
}
