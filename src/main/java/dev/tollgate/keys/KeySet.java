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
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one moment: per algorithm the key that signs, and every published key by kid for
 * verifying. Immutable; {@link SigningKeys} swaps in a new one when the stored keys change.
 */
final class KeySet {
    private final Map<JWSAlgorithm, JWK> active = new HashMap<>();
    private final Map<JWSAlgorithm, JWSSigner> signers = new HashMap<>();
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
                    signers.put(alg, signer(key, provider));
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

    JWSSigner signer(JWSAlgorithm alg) {
        return signers.get(alg);
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
            signer = new RSASSASigner(rsa);
        } else if (key instanceof ECKey ec) {
            signer = new ECDSASigner(ec);
        } else {
            // Ed25519 is Tink's, outside the JCA
            return new Ed25519Signer((OctetKeyPair) key);
        }
        signer.getJCAContext().setProvider(provider);
        return signer;
    }

    private static JWSVerifier verifier(JWK key, Provider provider) throws JOSEException {
        JWSVerifier verifier;
        if (key instanceof RSAKey rsa) {
            verifier = new RSASSAVerifier(rsa.toPublicJWK());
        } else if (key instanceof ECKey ec) {
            verifier = new ECDSAVerifier(ec.toPublicJWK());
        } else {
            return new Ed25519Verifier(((OctetKeyPair) key).toPublicJWK());
        }
        verifier.getJCAContext().setProvider(provider);
        return verifier;
    }
}
