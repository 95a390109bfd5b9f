package dev.tollgate.server;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.store.Profile;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The demo client and user of {@code serve --demo}. Their secret and password are new random
 * values on every start (only hashes are stored, so old ones cannot be shown again).
 */
public final class Demo {
    public static final String CLIENT_ID = "demo-app";
    public static final String USERNAME = "demo";
    /** A machine client that may manage the server through the admin API. */
    public static final String ADMIN_CLIENT_ID = "demo-admin";
    private static final List<String> SCOPES = List.of("read", "write");
    /** The client may also ask for OpenID Connect, so the demo can show ID tokens and UserInfo. */
    private static final List<String> CLIENT_SCOPES = List.of("read", "write", "openid", "profile", "email");

    private final Admin admin;
    private final SecureRandom random = new SecureRandom();

    public Demo(Admin admin) {
        this.admin = admin;
    }

    /** What the demo curl command needs. */
    public record Credentials(String clientId, String clientSecret, String username, String password,
            String adminSecret) {
        public String curl(String tokenUrl) {
            return "curl -s " + tokenUrl + " -d grant_type=password -d client_id=" + clientId
                    + " -d client_secret=" + clientSecret + " -d username=" + username + " -d password=" + password;
        }

        /** An admin API token request of the demo admin client. */
        public String adminTokenCurl(String tokenUrl) {
            return AdminClient.tokenCurl(tokenUrl, ADMIN_CLIENT_ID, adminSecret);
        }
    }

    public Credentials create() {
        String secret = randomValue();
        String password = randomValue();
        admin.clients().put(new ClientSpec(CLIENT_ID, secret, false, null, CLIENT_SCOPES, null, null, null, null, null));
        admin.users().put(new UserSpec(USERNAME, SCOPES,
                new Profile("demo@example.com", true, "Demo User", "Demo", "User", null)), password, null);
        String adminSecret = randomValue();
        admin.clients().put(AdminClient.spec(ADMIN_CLIENT_ID, adminSecret));
        return new Credentials(CLIENT_ID, secret, USERNAME, password, adminSecret);
    }

    /** 128 random bits, URL-safe so the curl line needs no quoting. */
    private String randomValue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
