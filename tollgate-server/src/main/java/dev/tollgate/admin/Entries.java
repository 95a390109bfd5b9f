package dev.tollgate.admin;

import dev.tollgate.config.Config;
import dev.tollgate.identity.Identity;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import dev.tollgate.store.Profile;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Clients, users and APIs in the shape of the configuration file's tables, both ways: the file
 * and the admin API speak the same keys, so both go through here.
 */
public final class Entries {
    private Entries() {}

    public static ClientSpec client(Config.ClientEntry entry) {
        return new ClientSpec(entry.id(), entry.secret(), false, entry.grantTypes(), entry.scopes(),
                entry.accessTokenTtl(), entry.refreshTokenPolicy(), entry.authMethods(), entry.jwks(), entry.jwksUri(),
                Boolean.TRUE.equals(entry.forwardedUserIp()), entry.canIntrospect(), entry.directories(), entry.mfa());
    }

    public static UserSpec user(Config.UserEntry entry) {
        return new UserSpec(entry.username(), entry.scopes(), new Profile(entry.email(),
                Boolean.TRUE.equals(entry.emailVerified()), entry.name(), entry.givenName(), entry.familyName(),
                entry.phoneNumber(), Boolean.TRUE.equals(entry.phoneNumberVerified()), entry.address()));
    }

    public static Api api(Config.ApiEntry entry) {
        return new Api(entry.identifier(), Set.copyOf(entry.scopes() == null ? List.of() : entry.scopes()),
                entry.tokenFormat(), entry.accessTokenTtl(), entry.signingAlg(), entry.tokenTyp());
    }

    /** The client's table, without its secret. */
    public static Config.ClientEntry of(Client client) {
        return new Config.ClientEntry(client.id(), null, sorted(client.grantTypes()), sorted(client.scopes()),
                client.accessTokenTtl(), client.refreshTokenPolicy(), sorted(client.authMethods()), client.jwks(),
                client.jwksUri(), client.forwardedUserIp(), client.canIntrospect(),
                client.directories().isEmpty() ? null : client.directories(), client.mfa());
    }

    /** The user's table, without a password. */
    public static Config.UserEntry of(Identity user) {
        Profile p = user.profile();
        return new Config.UserEntry(user.username(), null, null, sorted(user.scopes()), p.email(), p.emailVerified(),
                p.name(), p.givenName(), p.familyName(), p.phoneNumber(), p.phoneNumberVerified(), p.address());
    }

    public static Config.ApiEntry of(Api api) {
        return new Config.ApiEntry(api.identifier(), sorted(api.scopes()), api.tokenFormat(), api.accessTokenTtl(),
                api.signingAlg(), api.tokenTyp());
    }

    private static List<String> sorted(Set<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }
}
