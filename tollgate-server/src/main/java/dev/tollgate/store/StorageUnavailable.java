package dev.tollgate.store;

import dev.tollgate.Unavailable;

/** The database could not be reached or could not run a statement. */
public final class StorageUnavailable extends Unavailable {
    public StorageUnavailable(Throwable cause) {
        super("storage unavailable, retry", cause);
    }
}
