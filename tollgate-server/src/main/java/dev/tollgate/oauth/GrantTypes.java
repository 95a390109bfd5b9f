package dev.tollgate.oauth;

import java.util.List;

/**
 * The grant types Tollgate implements, each named by its handler's {@code TYPE}. Configuration
 * validation and client registration read this list; the server checks at start that its
 * handlers are exactly these, so the two cannot drift apart.
 */
public final class GrantTypes {
    public static final List<String> KNOWN =
            List.of(PasswordGrant.TYPE, RefreshTokenGrant.TYPE, ClientCredentialsGrant.TYPE, PasswordRealmGrant.TYPE,
                    MfaOtpGrant.TYPE, MfaRecoveryCodeGrant.TYPE);

    /** What a client registered without {@code grant_types} may use. */
    public static final List<String> CLIENT_DEFAULT = List.of(PasswordGrant.TYPE, RefreshTokenGrant.TYPE);

    /** The grants {@code oauth.grant_type.password.enable = false} turns off. */
    public static final List<String> PASSWORD = List.of(PasswordGrant.TYPE, PasswordRealmGrant.TYPE, MfaOtpGrant.TYPE,
            MfaRecoveryCodeGrant.TYPE);

    private GrantTypes() {}
}
