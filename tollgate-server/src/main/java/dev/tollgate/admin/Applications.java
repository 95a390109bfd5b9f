package dev.tollgate.admin;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.Application;
import dev.tollgate.store.ApplicationStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The developer portal's applications: each is a confidential client registered through
 * {@link Clients}, owned by the developer who created it. Another developer's application is
 * not found, exactly like one that does not exist.
 */
public final class Applications {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int MAX_NAME = 100;

    private final Clients clients;
    private final ApplicationStore store;
    private final List<String> allowedGrants;
    private final Clock clock;

    /** @param allowedGrants the grant types an administrator lets developers choose ({@code portal.grant_types}) */
    public Applications(Clients clients, ApplicationStore store, List<String> allowedGrants, Clock clock) {
        this.clients = clients;
        this.store = store;
        this.allowedGrants = List.copyOf(allowedGrants);
        this.clock = clock;
    }

    /** An application and, right after it was created or its keys regenerated, its client secret (else null). */
    public record Keys(Application application, String secret) {}

    public List<String> allowedGrants() {
        return allowedGrants;
    }

    /** Creates the application and its client; the generated secret is returned once. */
    public Keys create(Identity owner, String name, List<String> grantTypes) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw new AdminException.Invalid("name", "is required");
        }
        if (trimmed.length() > MAX_NAME) {
            throw new AdminException.Invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        if (grantTypes == null || grantTypes.isEmpty()) {
            throw new AdminException.Invalid("grant_types", "choose at least one");
        }
        for (String grant : grantTypes) {
            if (!allowedGrants.contains(grant)) {
                throw new AdminException.Invalid("grant_types", "'" + grant + "' is not offered to developers");
            }
        }
        String clientId = "app-" + HexFormat.of().formatHex(random(8));
        Clients.Registered registered = clients.register(new ClientSpec(clientId, null, true,
                List.copyOf(new LinkedHashSet<>(grantTypes)), List.of("openid", "profile", "email"), null, null,
                null, null, null));
        Application application = new Application(clientId, owner.id(), trimmed, clock.instant().getEpochSecond());
        store.save(application);
        return new Keys(application, registered.secret());
    }

    public List<Application> list(Identity owner) {
        return store.byOwner(owner.id());
    }

    public Application get(Identity owner, String clientId) {
        return store.find(clientId).filter(app -> app.ownerId().equals(owner.id()))
                .orElseThrow(() -> new AdminException.NotFound("no application '" + clientId + "'"));
    }

    /** A new secret; the old one stops working at once. */
    public Keys regenerate(Identity owner, String clientId) {
        Application application = get(owner, clientId);
        return new Keys(application, clients.rotateSecret(clientId, 0).secret());
    }

    /** Removes the application's client and with it the application and its tokens. */
    public void remove(Identity owner, String clientId) {
        get(owner, clientId);
        clients.remove(clientId);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
