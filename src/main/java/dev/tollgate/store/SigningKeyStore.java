package dev.tollgate.store;

import java.util.List;

public interface SigningKeyStore {
    /** Newest first. */
    List<SigningKey> list();

    void add(SigningKey key);
}
