package dev.tollgate.identity;

/** One stored password hash format that can be verified. */
interface HashFormat {
    /** Whether the string is of this format, readable or not (decided by its prefix). */
    boolean recognizes(String encoded);

    /**
     * Whether a recognized string can be verified: well formed, with parameters a login can afford
     * (an imported hash asking for gigabytes of memory would let one login exhaust the server).
     */
    boolean readable(String encoded);

    /** False for a wrong password and for a hash of this format that cannot be read. */
    boolean verify(String password, String encoded);

    /** A fast digest that offers little against guessing once the hashes leak. */
    default boolean weak() {
        return false;
    }
}
