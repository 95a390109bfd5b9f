package dev.tollgate.oauth;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.Client;

/**
 * Whom a token is about: a user (password and refresh grants) or the client itself (client
 * credentials).
 *
 * @param username null for a client
 * @param user the user, with the profile OpenID Connect claims come from; null for a client
 */
public record Subject(String id, String username, Identity user) {
    public static Subject of(Identity user) {
        return new Subject(user.id(), user.username(), user);
    }

    public static Subject of(Client client) {
        return new Subject(client.id(), null, null);
    }

    public boolean isUser() {
        return user != null;
    }

    /** The user's id, or null for a client. */
    public String userId() {
        return isUser() ? id : null;
    }

    /** The user's directory, or null for a client. */
    public String directory() {
        return isUser() ? user.directory() : null;
    }
}
