package dev.tollgate.oauth;

import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Directory;
import dev.tollgate.store.Client;

/**
 * Auth0's password-realm extension grant: the password grant with {@code realm} naming which of the
 * client's directories the user is in. A realm that does not exist and one the client may not use
 * get the same {@code invalid_request}, so the answer does not tell which directories there are.
 */
public final class PasswordRealmGrant implements GrantHandler {
    public static final String TYPE = "http://auth0.com/oauth/grant-type/password-realm";

    private final Directories directories;
    private final PasswordLogin login;

    public PasswordRealmGrant(Directories directories, PasswordLogin login) {
        this.directories = directories;
        this.login = login;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        String username = request.required("username");
        String password = request.required("password");
        String realm = request.required("realm");
        Directory directory = directories.of(client.directories()).stream()
                .filter(candidate -> candidate.name().equals(realm))
                .findFirst()
                .orElseThrow(() -> OAuthError.invalidRequest("realm is not one of this client's directories")
                        .exception());
        return login.login(client, request, directory, username, password);
    }
}
