package dev.tollgate.admin;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.RefreshTokenStore;
import dev.tollgate.store.Session;
import java.time.Clock;
import java.util.List;

/**
 * A user's sessions: the refresh token families of their logins. Revoking one ends its refresh
 * tokens and the access tokens issued from them (seen by every node within a second).
 */
public final class Sessions {
    private final RefreshTokenStore store;
    private final Clock clock;

    public Sessions(RefreshTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Session> list(Identity user) {
        return store.sessions(user.directory(), user.id(), now());
    }

    /** Revokes all of the user's sessions; returns how many there were. */
    public int revokeAll(Identity user) {
        return store.revokeUserFamilies(user.directory(), user.id(), now());
    }

    /** Revokes one session of the user; one that is not the user's active session is not found. */
    public Session revoke(Identity user, String familyId) {
        Session session = list(user).stream().filter(each -> each.family().id().equals(familyId)).findFirst()
                .orElseThrow(() -> new AdminException.NotFound("no session '" + familyId + "' of this user"));
        store.revokeFamily(familyId, now());
        return session;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
