package dev.tollgate.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The server's token signing keys: one active key per algorithm (RS256, ES256, EdDSA), the newest
 * stored for that algorithm. Every stored key is published in the JWKS and accepted when verifying,
 * so tokens signed before a rotation still verify. Missing keys are generated on start and stored,
 * so every process on the same database signs with the same keys.
 */
public final class SigningKeys {
    public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

    private final Map<JWSAlgorithm, JWK> active = new LinkedHashMap<>();
    private final Map<JWSAlgorithm, JWSSigner> signers = new LinkedHashMap<>();
    private final Map<String, JWSVerifier> verifiers = new LinkedHashMap<>();
    private final JWKSet publicKeys;

    private SigningKeys(List<JWK> newestFirst) {
        for (JWK key : newestFirst) {
            JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
            try {
                if (!active.containsKey(alg)) {
                    active.put(alg, key);
                    signers.put(alg, signer(key));
                }
                verifiers.put(key.getKeyID(), verifier(key));
            } catch (JOSEException e) {
                throw new IllegalStateException("signing key " + key.getKeyID() + " unusable", e);
            }
        }
        this.publicKeys = new JWKSet(newestFirst).toPublicJWKSet();
    }

    public static SigningKeys loadOrCreate(SigningKeyStore store, Clock clock) {
        List<SigningKey> stored = store.list();
        for (String alg : ALGORITHMS) {
            if (stored.stream().noneMatch(key -> key.alg().equals(alg))) {
                store.add(generate(JWSAlgorithm.parse(alg), clock));
            }
        }
        List<JWK> keys = new ArrayList<>();
        for (SigningKey key : store.list()) {
            try {
                keys.add(JWK.parse(key.jwk()));
            } catch (ParseException e) {
                throw new IllegalStateException("stored signing key " + key.kid() + " unreadable", e);
            }
        }
        return new SigningKeys(keys);
    }

    static SigningKey generate(JWSAlgorithm alg, Clock clock) {
        String kid = UUID.randomUUID().toString();
        try {
            JWK key;
            if (JWSAlgorithm.RS256.equals(alg)) {
                key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid).generate();
            } else if (JWSAlgorithm.ES256.equals(alg)) {
                key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid).generate();
            } else if (JWSAlgorithm.EdDSA.equals(alg)) {
                key = new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid)
                        .generate();
            } else {
                throw new IllegalArgumentException("unsupported signing algorithm " + alg);
            }
            return new SigningKey(kid, alg.getName(), key.toJSONString(), clock.instant().getEpochSecond());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        return new Ed25519Signer((OctetKeyPair) key);
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toPublicJWK());
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        return new Ed25519Verifier(((OctetKeyPair) key).toPublicJWK());
    }

    /** Signs the claims with the active key of the algorithm (RS256, ES256 or EdDSA) as a compact JWS. */
    public String sign(JWTClaimsSet claims, JOSEObjectType type, String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWK key = active.get(alg);
        if (key == null) {
            throw new IllegalArgumentException("no signing key for " + algorithm);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(type).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signers.get(alg));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        return sign(claims, type, "RS256");
    }

    /** Whether the JWT carries a valid signature by one of our keys, with that key's algorithm. */
    public boolean verify(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        JWSVerifier verifier = kid == null ? null : verifiers.get(kid);
        if (verifier == null || !verifier.supportedJWSAlgorithms().contains(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    public JWKSet publicKeys() {
        return publicKeys;
    }
}
