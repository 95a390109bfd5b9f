package dev.tollgate.server;

import dev.tollgate.store.Client;
import dev.tollgate.store.User;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * The demo client and user of {@code serve --demo}. Their secret and password are new random
 * values on every start (only hashes are stored, so old ones cannot be shown again).
 */
public final class Demo {
    public static final String CLIENT_ID = "demo-app";
    public static final String USERNAME = "demo";
    private static final Set<String> SCOPES = Set.of("read", "write");
    /** The client may also ask for OpenID Connect, so the demo can show ID tokens and UserInfo. */
    private static final Set<String> CLIENT_SCOPES = Set.of("read", "write", "openid", "profile", "email");

    private final Services services;
    private final SecureRandom random = new SecureRandom();

    public Demo(Services services) {
        this.services = services;
    }

    /** What the demo curl command needs. */
    public record Credentials(String clientId, String clientSecret, String username, String password) {
        public String curl(String tokenUrl) {
            return "curl -s " + tokenUrl + " -d grant_type=password -d client_id=" + clientId
                    + " -d client_secret=" + clientSecret + " -d username=" + username + " -d password=" + password;
        }
    }

    public Credentials create() {
        String secret = randomValue();
        String password = randomValue();
        services.clients.save(new Client(CLIENT_ID, services.hasher.hash(secret),
                Set.of("password", "refresh_token"), CLIENT_SCOPES, null));
        String id = services.users.findByUsername(USERNAME).map(User::id).orElseGet(() -> UUID.randomUUID().toString());
        services.users.save(new User(id, USERNAME, services.hasher.hash(password), SCOPES,
                new User.Profile("demo@example.com", true, "Demo User", "Demo", "User", null), 0));
        return new Credentials(CLIENT_ID, secret, USERNAME, password);
    }

    /** 128 random bits, URL-safe so the curl line needs no quoting. */
    private String randomValue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
