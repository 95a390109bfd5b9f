package dev.tollgate.admin;

import dev.tollgate.identity.Identity;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.store.Authenticator;
import java.util.List;

/**
 * The second factors of the database's users, as an administrator manages them: enrol one
 * (active at once, for a user who cannot run the enrolment themselves), list them, reset all
 * (a user who lost the phone and the recovery code).
 */
public final class Authenticators {
    private final Users users;
    private final MultiFactor mfa;

    public Authenticators(Users users, MultiFactor mfa) {
        this.users = users;
        this.mfa = mfa;
    }

    /** A new active authenticator and recovery code; refused while the user has an active one (reset first). */
    public MultiFactor.Enrolment enroll(String username) {
        Identity user = users.get(username);
        if (mfa.enrolled(user.id(), user.directory())) {
            throw new AdminException.Conflict("user '" + user.username()
                    + "' already has an active authenticator (reset it first)");
        }
        return mfa.enrol(user.id(), user.directory(), user.username(), true);
    }

    public List<Authenticator> list(String username) {
        Identity user = users.get(username);
        return mfa.authenticators(user.id(), user.directory());
    }

    /** Removes every authenticator and the recovery code; returns how many authenticators there were. */
    public int reset(String username) {
        Identity user = users.get(username);
        return mfa.reset(user.id(), user.directory());
    }

    /** Removes one authenticator, of any user. */
    public void remove(String id) {
        if (!mfa.remove(id)) {
            throw new AdminException.NotFound("no authenticator '" + id + "'");
        }
    }
}
