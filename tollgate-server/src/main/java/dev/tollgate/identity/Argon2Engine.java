package dev.tollgate.identity;

/**
 * Computes raw Argon2id (RFC 9106, version 0x13) output. Every engine yields the same bytes for
 * the same input, so hashes made by one verify with any other: only the speed differs.
 */
interface Argon2Engine {
    byte[] derive(byte[] password, byte[] salt, Argon2id.Cost cost, int length);

    /** What runs the hash, for the start-up log and the metrics. */
    String name();
}
