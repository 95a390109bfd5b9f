package dev.tollgate.oauth;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.Client;
import dev.tollgate.store.MfaStore;
import dev.tollgate.store.MfaToken;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code mfa_token}s of logins waiting for a second factor: opaque, bound to the user and the
 * client, good for {@code [mfa] token_ttl} seconds and {@link #MAX_TRIES} codes, stored only as
 * their SHA-256. A token that is unknown, expired, used up or another client's is refused the
 * same way.
 */
public final class MfaChallenges {
    /** Codes an mfa_token may be tried with; the lockout counts them too. */
    public static final int MAX_TRIES = 5;

    private final MfaStore store;
    private final Clock clock;
    private final long ttl;

    public MfaChallenges(MfaStore store, Clock clock, long ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A new mfa_token for the login of {@code user}, who gave {@code username}, asking for these scopes and API. */
    public String start(Client client, Identity user, String username, Set<String> scopes, String audience) {
        String value = OpaqueTokens.newValue();
        long now = clock.instant().getEpochSecond();
        store.saveToken(new MfaToken(OpaqueTokens.hash(value), client.id(), user.id(), user.directory(), username,
                scopes, audience, 0, now, now + ttl));
        return value;
    }

    /** The unexpired token of this value, whichever client it belongs to (the MFA API has no client). */
    public Optional<MfaToken> find(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        return store.findToken(OpaqueTokens.hash(value))
                .filter(token -> token.expiresAt() > now && token.failures() < MAX_TRIES);
    }

    /** The token if it is the client's and good; else the {@code invalid_grant} every bad token gets. */
    MfaToken forClient(Client client, String value) {
        return find(value).filter(token -> token.clientId().equals(client.id()))
                .orElseThrow(() -> OAuthError.mfaInvalidGrant("Invalid or expired mfa_token").exception());
    }

    /** Spends one of the token's tries before a code is checked; false when none is left. */
    boolean reserveTry(MfaToken token) {
        return store.reserveTry(token.tokenHash(), MAX_TRIES, clock.instant().getEpochSecond());
    }

    /** The login is done: the token ends. False when a concurrent request ended it first. */
    boolean finish(MfaToken token) {
        return store.consumeToken(token.tokenHash());
    }
}
