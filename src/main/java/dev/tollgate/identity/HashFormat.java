package dev.tollgate.identity;

/** One stored password hash format that can be verified. */
interface HashFormat {
    boolean recognizes(String encoded);

    /** False for a wrong password and for a hash of this format that cannot be read. */
    boolean verify(String password, String encoded);
}
