package dev.tollgate.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tollgate.config.ConfigException;
import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stored signing keys: creating the missing ones, rotating, and reading them back. Private
 * keys are stored sealed under the server key ({@link SecretBox}). A key stored unsealed was not
 * written by this server (whoever can write the database could plant their own signing key that
 * way): the server refuses to start with one, and never signs or verifies with one.
 */
public final class KeyRing {
    public static final List<String> ALGORITHMS = List.of("RS256", "ES256", "EdDSA");

    private final SigningKeyStore store;
    private final SecretBox box;
    private final Clock clock;

    /** A stored key with its private JWK opened. */
    record Opened(SigningKey stored, JWK jwk) {}

    public KeyRing(SigningKeyStore store, SecretBox box, Clock clock) {
        this.store = store;
        this.box = box;
        this.clock = clock;
    }

    /** Generates a key for every algorithm that has none; refuses keys stored in plain JSON. */
    public void prepare() {
        List<SigningKey> stored = store.list();
        for (SigningKey key : stored) {
            if (!SecretBox.looksSealed(key.jwk())) {
                throw new ConfigException("signing key '" + key.kid() + "' is stored unsealed in the database, so this "
                        + "server did not write it; delete it from signing_keys and run './tollgate key rotate'");
            }
        }
        for (String alg : ALGORITHMS) {
            if (stored.stream().noneMatch(key -> key.alg().equals(alg))) {
                long now = clock.instant().getEpochSecond();
                JWK jwk = generate(alg);
                store.add(new SigningKey(jwk.getKeyID(), alg, box.seal(jwk.toJSONString()), now, now, null));
            }
        }
    }

    /**
     * Adds a new key for the algorithm that signs from {@code activateIn} seconds on; the
     * algorithm's other keys stay published until {@code keepOldFor} seconds after that, so
     * tokens they signed verify until they expire.
     */
    public SigningKey rotate(String alg, long activateIn, long keepOldFor) {
        long now = clock.instant().getEpochSecond();
        JWK jwk = generate(alg);
        SigningKey key = new SigningKey(jwk.getKeyID(), alg, box.seal(jwk.toJSONString()), now, now + activateIn, null);
        store.add(key);
        store.retireOthers(alg, key.kid(), key.activeFrom() + keepOldFor);
        return key;
    }

    public List<SigningKey> list() {
        return store.list();
    }

    /** The keys that are not yet retired, newest activation first, opened. */
    List<Opened> published() {
        long now = clock.instant().getEpochSecond();
        List<Opened> out = new ArrayList<>();
        for (SigningKey key : store.list()) {
            if (key.isRetired(now)) {
                continue;
            }
            if (!SecretBox.looksSealed(key.jwk())) {
                continue; // written behind the server's back since it started: see prepare()
            }
            String json = box.open(key.jwk());
            try {
                out.add(new Opened(key, JWK.parse(json)));
            } catch (ParseException e) {
                throw new IllegalStateException("stored signing key " + key.kid() + " unreadable", e);
            }
        }
        return out;
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    static JWK generate(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        String kid = UUID.randomUUID().toString();
        try {
            if (JWSAlgorithm.RS256.equals(alg)) {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid).generate();
            }
            if (JWSAlgorithm.ES256.equals(alg)) {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid).generate();
            }
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                return new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid)
                        .generate();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
        throw new IllegalArgumentException("unsupported signing algorithm " + algorithm);
    }
}
