package dev.tollgate.store;

/** A signing key pair kept as a JWK (JSON, private parts included). */
public record SigningKey(String kid, String alg, String jwk, long createdAt) {}
