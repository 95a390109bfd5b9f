package dev.tollgate.mfa;

import dev.tollgate.keys.SecretBox;
import dev.tollgate.store.Authenticator;
import dev.tollgate.store.MfaStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Users' second factors: TOTP authenticators (secrets sealed under the server key) and one
 * recovery code each (stored as its SHA-256). Users are named by id and directory, so a user of
 * any directory can enrol. Who must give a second factor is {@link #needed}.
 */
public final class MultiFactor {
    /** Auth0's shape of a recovery code: 24 characters without the ones that read alike. */
    private static final String RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int RECOVERY_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaStore store;
    private final SecretBox box;
    private final Clock clock;
    private final Settings settings;
    private final Totp totp = new Totp();

    /**
     * @param policy the server's {@code [mfa] policy}
     * @param issuerLabel the name authenticator apps show next to the account
     * @param tokenTtl seconds an {@code mfa_token} lives
     */
    public record Settings(MfaPolicy policy, String issuerLabel, long tokenTtl) {}

    /** A new authenticator, with what is shown once: the secret, its URI, and the user's recovery code. */
    public record Enrolment(String id, String secret, String uri, String recoveryCode) {}

    public MultiFactor(MfaStore store, SecretBox box, Clock clock, Settings settings) {
        this.store = store;
        this.box = box;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether a login of the user at a client whose own policy is {@code clientPolicy} needs a second factor. */
    public boolean needed(String clientPolicy, String userId, String directory) {
        return switch (settings.policy().withClient(clientPolicy)) {
            case OFF -> false;
            case IF_ENROLLED -> enrolled(userId, directory);
            case REQUIRED -> true;
        };
    }

    /** Whether the user has an active authenticator. */
    public boolean enrolled(String userId, String directory) {
        return store.authenticators(userId, directory).stream().anyMatch(Authenticator::active);
    }

    public List<Authenticator> authenticators(String userId, String directory) {
        return store.authenticators(userId, directory);
    }

    public Optional<Authenticator> authenticator(String id) {
        return store.authenticator(id);
    }

    /**
     * A new TOTP authenticator for the user, and a new recovery code. One not {@code active} becomes
     * so with the first code accepted from it, and replaces any other that was still waiting.
     */
    public Enrolment enrol(String userId, String directory, String username, boolean active) {
        String secret = Totp.newSecret();
        String id = "totp|dev_" + randomId();
        long now = clock.instant().getEpochSecond();
        store.addAuthenticator(new Authenticator(id, userId, directory, box.seal(secret), active, now, 0));
        String recovery = newRecoveryCode();
        store.setRecoveryCode(userId, directory, hash(recovery), now);
        return new Enrolment(id, secret, Totp.uri(settings.issuerLabel(), username, secret), recovery);
    }

    /**
     * Whether {@code otp} is a current code of one of the user's authenticators that was not
     * accepted before: a code is taken once, and no code of an earlier step after it. A first
     * code from a waiting authenticator activates it.
     */
    public boolean verify(String userId, String directory, String otp) {
        var now = clock.instant();
        for (Authenticator authenticator : store.authenticators(userId, directory)) {
            OptionalLong step = totp.match(box.open(authenticator.sealedSecret()), otp, now);
            if (step.isPresent()) {
                return store.useStep(authenticator.id(), step.getAsLong());
            }
        }
        return false;
    }

    /** The new recovery code when {@code code} is the user's current one (which stops working), else empty. */
    public Optional<String> useRecoveryCode(String userId, String directory, String code) {
        if (code == null || !enrolled(userId, directory)) {
            return Optional.empty();
        }
        String next = newRecoveryCode();
        return store.replaceRecoveryCode(userId, directory, hash(normalise(code)), hash(next),
                clock.instant().getEpochSecond()) ? Optional.of(next) : Optional.empty();
    }

    public boolean remove(String id) {
        return store.removeAuthenticator(id);
    }

    /** Removes the user's authenticators and recovery code; returns how many authenticators there were. */
    public int reset(String userId, String directory) {
        return store.reset(userId, directory);
    }

    private static String normalise(String code) {
        return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static String newRecoveryCode() {
        StringBuilder code = new StringBuilder(RECOVERY_LENGTH);
        for (int i = 0; i < RECOVERY_LENGTH; i++) {
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String randomId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
