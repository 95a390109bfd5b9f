package dev.tollgate.resource;

import java.util.Locale;
import java.util.Map;

/**
 * The whole check of one request, as the Javalin plugin, the servlet filter and the gateway make
 * it: the bearer token from the {@code Authorization} header (RFC 6750 section 2.1), verified, then
 * held against the resource's {@link Requirement}. The outcome is the token, or the refusal to send.
 */
public final class BearerGuard {
    private final TokenVerifier verifier;
    private final Requirement requirement;
    private final String realm;
    private final boolean checkRevocation;

    public BearerGuard(TokenVerifier verifier, Requirement requirement, String realm, boolean checkRevocation) {
        this.verifier = verifier;
        this.requirement = requirement;
        this.realm = realm;
        this.checkRevocation = checkRevocation;
    }

    /** Either the verified token or the answer that refuses the request. */
    public sealed interface Outcome permits Passed, Refused {}

    public record Passed(VerifiedToken token) implements Outcome {}

    /** A refusal: its status, headers and JSON body. */
    public record Refused(int status, Map<String, String> headers, String body) implements Outcome {
        static Refused of(BearerError error) {
            return new Refused(error.status(), Map.of("WWW-Authenticate", error.challenge()), error.json());
        }

        /** The issuer could not be asked: a retry soon may succeed, unlike a new sign-in. */
        static Refused unavailable() {
            return new Refused(503, Map.of("Retry-After", "1"),
                    "{\"error\":\"temporarily_unavailable\",\"error_description\":\"the token issuer cannot be reached\"}");
        }
    }

    public Outcome check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Refused.of(BearerError.missingToken(realm));
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            // another scheme (Basic, say) is no bearer token: the bare challenge says which one to use
            return Refused.of(BearerError.missingToken(realm));
        }
        String token = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (token.isEmpty() || token.contains(" ")) {
            return Refused.of(BearerError.invalidRequest(realm, "the Authorization header is not 'Bearer <token>'"));
        }
        VerifiedToken verified;
        try {
            verified = verifier.verify(token, checkRevocation);
        } catch (TokenRejected e) {
            return Refused.of(BearerError.invalidToken(realm, e.getMessage()));
        } catch (IssuerUnavailable e) {
            return Refused.unavailable();
        }
        return requirement.check(verified, realm).<Outcome>map(Refused::of).orElse(new Passed(verified));
    }
}
