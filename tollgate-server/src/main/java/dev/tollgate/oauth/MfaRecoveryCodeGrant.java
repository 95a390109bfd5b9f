package dev.tollgate.oauth;

import dev.tollgate.store.Client;

/**
 * Auth0's {@code mfa-recovery-code} extension grant: the {@code mfa_token} and the user's recovery
 * code instead of a one-time password. The code stops working, and the response carries its
 * replacement as {@code recovery_code}, to be shown to the user.
 */
public final class MfaRecoveryCodeGrant implements GrantHandler {
    public static final String TYPE = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

    private final SecondFactor second;

    public MfaRecoveryCodeGrant(SecondFactor second) {
        this.second = second;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        request.required("mfa_token");
        String code = request.required("recovery_code");
        return second.complete(client, request, SecondFactor.PWD_MFA, "Invalid recovery_code",
                user -> second.mfa().useRecoveryCode(user.id(), user.directory(), code), "recovery_code");
    }
}
