package dev.tollgate.oauth;

/**
 * Server-wide token settings.
 *
 * @param audience the {@code aud} of tokens requested without an API
 * @param refreshTokenTtl sliding lifetime of each refresh token
 * @param refreshTokenMaxLifetime absolute lifetime of a refresh token family
 */
public record TokenSettings(
        String issuer, String audience, long accessTokenTtl, long refreshTokenTtl, long refreshTokenMaxLifetime) {}
