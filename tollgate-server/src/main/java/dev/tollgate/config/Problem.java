package dev.tollgate.config;

/**
 * A rule a client, user or API breaks: the field at fault, by its configuration key name
 * ({@code grant_types}, {@code access_token_ttl}, ...), and what is wrong with it.
 */
public record Problem(String field, String message) {}
