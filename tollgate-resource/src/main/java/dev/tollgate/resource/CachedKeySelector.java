package dev.tollgate.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Nimbus's JWS key selection (the JWKS source with its cache and its refetch on an unknown
 * {@code kid}), with each JWK's Java public key made once instead of on every token: turning a JWK
 * into an {@code RSAPublicKey} runs a KeyFactory, which costs about as much as the signature check
 * itself. Keys are remembered by the JWK object, so a refreshed JWKS brings fresh ones and a key
 * the issuer dropped is forgotten with it.
 */
final class CachedKeySelector implements JWSKeySelector<SecurityContext> {
    private final Set<JWSAlgorithm> algorithms;
    private final JWKSource<SecurityContext> source;
    private final Cache<JWK, List<Key>> publicKeys = Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    private final Provider provider;

    CachedKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source, Provider provider) {
        this.algorithms = algorithms;
        this.source = source;
        this.provider = provider;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!algorithms.contains(header.getAlgorithm())) {
            return List.of();
        }
        List<JWK> matches = source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context);
        List<Key> keys = new ArrayList<>(matches.size());
        for (JWK jwk : matches) {
            // the conversion Nimbus's own selector makes, once per JWK
            keys.addAll(publicKeys.get(jwk, key -> KeyConverter.toJavaKeys(List.of(key)).stream().map(this::translated).toList()));
        }
        return keys;
    }

    /** A key as the signature provider's own object, so that it is not translated on every check. */
    private Key translated(Key key) {
        if (provider == null || !(key instanceof PublicKey)) {
            return key;
        }
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            return key; // the provider does not know this kind of key: the JDK's object still works
        }
    }
}
