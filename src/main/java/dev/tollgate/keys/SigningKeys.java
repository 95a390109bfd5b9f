package dev.tollgate.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The server's token signing keys. The newest key signs; every stored key is published in the
 * JWKS so tokens signed before a rotation still verify. On first start an RSA key is generated and
 * stored, so every process on the same database signs with the same key.
 */
public final class SigningKeys {
    private final RSAKey active;
    private final JWSSigner signer;
    private final JWKSet publicKeys;

    private SigningKeys(List<JWK> keys) {
        this.active = (RSAKey) keys.get(0);
        try {
            this.signer = new RSASSASigner(active);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + active.getKeyID() + " unusable", e);
        }
        this.publicKeys = new JWKSet(keys).toPublicJWKSet();
    }

    public static SigningKeys loadOrCreate(SigningKeyStore store, Clock clock) {
        List<SigningKey> stored = store.list();
        if (stored.isEmpty()) {
            store.add(generate(clock));
            stored = store.list();
        }
        List<JWK> keys = new ArrayList<>();
        for (SigningKey key : stored) {
            try {
                keys.add(JWK.parse(key.jwk()));
            } catch (ParseException e) {
                throw new IllegalStateException("stored signing key " + key.kid() + " unreadable", e);
            }
        }
        return new SigningKeys(keys);
    }

    static SigningKey generate(Clock clock) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            return new SigningKey(key.getKeyID(), JWSAlgorithm.RS256.getName(), key.toJSONString(),
                    clock.instant().getEpochSecond());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** Signs the claims with the active key as a compact JWS with the given {@code typ}. */
    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(type)
                .keyID(active.getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    public JWKSet publicKeys() {
        return publicKeys;
    }

    public Map<String, Object> publicJwks() {
        return publicKeys.toJSONObject(true);
    }
}
