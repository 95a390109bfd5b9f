package dev.tollgate.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Directory;
import dev.tollgate.store.Client;
import java.util.List;

/**
 * The resource owner password credentials grant (RFC 6749 section 4.3), in the first of the
 * client's directories (the default directory when it names none); see {@link PasswordLogin}.
 */
public final class PasswordGrant implements GrantHandler {
    public static final String TYPE = "password";

    private final Directories directories;
    private final PasswordLogin login;

    public PasswordGrant(Directories directories, PasswordLogin login) {
        this.directories = directories;
        this.login = login;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        ResourceOwnerPasswordCredentialsGrant grant;
        try {
            grant = ResourceOwnerPasswordCredentialsGrant.parse(request.multiParams());
        } catch (ParseException e) {
            throw OAuthError.from(e).exception();
        }
        List<Directory> usable = directories.of(client.directories());
        if (usable.isEmpty()) {
            throw OAuthError.unauthorizedClient("none of the client's user directories is configured").exception();
        }
        return login.login(client, request, usable.get(0), grant.getUsername(), grant.getPassword().getValue());
    }
}
