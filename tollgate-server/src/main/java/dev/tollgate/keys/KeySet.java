package dev.tollgate.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one moment: per algorithm the key that signs, and every published key by kid for
 * verifying. Immutable; {@link SigningKeys} swaps in a new one when the stored keys change.
 */
final class KeySet {
    private final Map<JWSAlgorithm, JWK> active = new HashMap<>();
    private final Map<JWSAlgorithm, JWSSigner> signers = new ConcurrentHashMap<>();
    private final Map<String, JWSVerifier> verifiers = new HashMap<>();
    private final JWKSet publicKeys;

    /**
     * {@code published} newest activation first; {@code signing} the keys whose activation has come;
     * {@code provider} the JCA provider for RSA and ECDSA, or null for the JDK's.
     */
    KeySet(List<JWK> published, List<JWK> signing, Provider provider) {
        try {
            for (JWK key : signing) {
                JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
                if (!active.containsKey(alg)) {
                    active.put(alg, key);
                    if (!(key instanceof OctetKeyPair okp)) {
                        signers.put(alg, signer(key, provider));
                    } else if (!okp.isPrivate() || !Curve.Ed25519.equals(okp.getCurve())) {
                        throw new JOSEException("not a private Ed25519 key: " + okp.getKeyID());
                    }
                }
            }
            for (JWK key : published) {
                verifiers.put(key.getKeyID(), verifier(key, provider));
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("a stored signing key is unusable", e);
        }
        this.publicKeys = new JWKSet(new ArrayList<>(published)).toPublicJWKSet();
    }

    JWK active(JWSAlgorithm alg) {
        return active.get(alg);
    }

    /**
     * The signer for the algorithm, or null without an active key. An Ed25519 signer is made at its
     * first use: setting one up took a tenth of a second of every start, for a key most
     * deployments never sign with.
     */
    JWSSigner signer(JWSAlgorithm alg) {
        JWSSigner signer = signers.get(alg);
        if (signer != null || !(active.get(alg) instanceof OctetKeyPair okp)) {
            return signer;
        }
        return signers.computeIfAbsent(alg, ignored -> {
            try {
                return new Ed25519Signer(okp);
            } catch (JOSEException e) {
                throw new IllegalStateException("a stored signing key is unusable", e);
            }
        });
    }

    JWSVerifier verifier(String kid) {
        return verifiers.get(kid);
    }

    JWKSet publicKeys() {
        return publicKeys;
    }

    private static JWSSigner signer(JWK key, Provider provider) throws JOSEException {
        JWSSigner signer;
        if (key instanceof RSAKey rsa) {
            signer = new RSASSASigner(translate(rsa.toPrivateKey(), "RSA", provider));
        } else if (key instanceof ECKey ec) {
            signer = new ECDSASigner((ECPrivateKey) translate(ec.toPrivateKey(), "EC", provider), ec.getCurve());
        } else {
            throw new IllegalArgumentException("not an RSA or EC key: " + key.getKeyType());
        }
        signer.getJCAContext().setProvider(provider);
        return signer;
    }

    private static JWSVerifier verifier(JWK key, Provider provider) throws JOSEException {
        JWSVerifier verifier;
        if (key instanceof RSAKey rsa) {
            verifier = new RSASSAVerifier((RSAPublicKey) translate(rsa.toPublicKey(), "RSA", provider));
        } else if (key instanceof ECKey ec) {
            verifier = new ECDSAVerifier((ECPublicKey) translate(ec.toPublicKey(), "EC", provider));
        } else {
            return new Ed25519Verifier(((OctetKeyPair) key).toPublicJWK());
        }
        verifier.getJCAContext().setProvider(provider);
        return verifier;
    }

    /**
     * The key as the provider's own key object. A native provider handed a JDK key converts it
     * on every signature, and for RSA that conversion (Montgomery set-up, blinding) costs about
     * as much as the signature itself; its own key object keeps the prepared native key.
     */
    @SuppressWarnings("unchecked")
    private static <K extends Key> K translate(K key, String algorithm, Provider provider) throws JOSEException {
        if (provider == null) {
            return key;
        }
        try {
            return (K) KeyFactory.getInstance(algorithm, provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new JOSEException("cannot hand the " + algorithm + " key to " + provider.getName(), e);
        }
    }
}
