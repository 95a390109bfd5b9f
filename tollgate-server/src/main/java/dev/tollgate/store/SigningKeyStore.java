package dev.tollgate.store;

import java.util.List;

public interface SigningKeyStore {
    /** Every stored key, newest activation first. */
    List<SigningKey> list();

    void add(SigningKey key);

    void replaceJwk(String kid, String jwk);

    /** Sets the retirement time of every unretired key of the algorithm except {@code keep}. */
    void retireOthers(String alg, String keep, long retireAt);

    int purgeRetired(long now);
}
