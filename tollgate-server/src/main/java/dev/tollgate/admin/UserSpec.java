package dev.tollgate.admin;

import dev.tollgate.store.Profile;
import java.util.List;

/** A database user's username, the scopes it may grant and its claims (null: none). */
public record UserSpec(String username, List<String> scopes, Profile profile) {}
