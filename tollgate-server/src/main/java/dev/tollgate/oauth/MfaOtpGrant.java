package dev.tollgate.oauth;

import dev.tollgate.store.Client;
import java.util.Optional;

/**
 * Auth0's {@code mfa-otp} extension grant: the {@code mfa_token} of a login whose password was right
 * and a current code of the user's authenticator (RFC 6238), for the tokens of that login with
 * {@code amr} {@code ["pwd", "otp"]}. The first code accepted from a new authenticator activates it.
 */
public final class MfaOtpGrant implements GrantHandler {
    public static final String TYPE = "http://auth0.com/oauth/grant-type/mfa-otp";

    private final SecondFactor second;

    public MfaOtpGrant(SecondFactor second) {
        this.second = second;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        request.required("mfa_token");
        String otp = request.required("otp");
        return second.complete(client, request, SecondFactor.PWD_OTP, "Invalid otp_code",
                user -> second.mfa().verify(user.id(), user.directory(), otp) ? Optional.of("") : Optional.empty(),
                null);
    }
}
