package dev.tollgate.admin;

import dev.tollgate.keys.KeyRing;
import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rotating the token signing keys and telling their state. */
public final class Keys {
    private final KeyRing ring;
    private final SigningKeyStore store;
    private final ClientStore clients;
    private final ApiStore apis;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param accessTokenTtl the server's access token lifetime
     * @param reloadInterval how long a running server may take to see a new key
     */
    public record Settings(long accessTokenTtl, long reloadInterval) {}

    /** A key as listed: {@code active} signs, {@code next} will, {@code previous} still verifies, {@code retired} is gone. */
    public record State(SigningKey key, String state) {}

    public Keys(KeyRing ring, SigningKeyStore store, ClientStore clients, ApiStore apis, Settings settings,
            Clock clock) {
        this.ring = ring;
        this.store = store;
        this.clients = clients;
        this.apis = apis;
        this.settings = settings;
        this.clock = clock;
    }

    /** The new keys' published lifetime overlap when the caller does not choose one: every token they sign expires in it. */
    public long defaultKeepOldFor() {
        long longest = settings.accessTokenTtl();
        for (Client client : clients.list()) {
            if (client.accessTokenTtl() != null) {
                longest = Math.max(longest, client.accessTokenTtl());
            }
        }
        for (Api api : apis.list()) {
            if (api.accessTokenTtl() != null) {
                longest = Math.max(longest, api.accessTokenTtl());
            }
        }
        return longest + settings.reloadInterval();
    }

    /**
     * New keys for the algorithms, signing from {@code activateIn} seconds on; the previous keys
     * stay published {@code keepOldFor} seconds after that (null: {@link #defaultKeepOldFor()}).
     */
    public List<SigningKey> rotate(List<String> algorithms, long activateIn, Long keepOldFor) {
        for (String alg : algorithms) {
            if (!KeyRing.ALGORITHMS.contains(alg)) {
                throw new AdminException.Invalid("alg",
                        "'" + alg + "' is unknown (known: " + String.join(", ", KeyRing.ALGORITHMS) + ")");
            }
        }
        if (activateIn < 0 || (keepOldFor != null && keepOldFor < 0)) {
            throw new AdminException.Invalid("activate_in", "and keep_old_for must not be negative");
        }
        long keep = keepOldFor != null ? keepOldFor : defaultKeepOldFor();
        ring.prepare();
        List<SigningKey> created = new ArrayList<>();
        for (String alg : algorithms) {
            created.add(ring.rotate(alg, activateIn, keep));
        }
        return created;
    }

    public List<State> list() {
        long now = clock.instant().getEpochSecond();
        Set<String> activeSeen = new HashSet<>();
        List<State> states = new ArrayList<>();
        for (SigningKey key : store.list()) {
            String state;
            if (key.isRetired(now)) {
                state = "retired";
            } else if (key.activeFrom() > now) {
                state = "next";
            } else if (activeSeen.add(key.alg())) {
                state = "active";
            } else {
                state = "previous";
            }
            states.add(new State(key, state));
        }
        return states;
    }
}
