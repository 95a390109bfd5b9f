package dev.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.BearerChallenge;
import dev.tollgate.oauth.MfaChallenges;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.store.Api;
import dev.tollgate.store.Authenticator;
import dev.tollgate.store.MfaToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Auth0's MFA API, authorised by {@code Authorization: Bearer <mfa_token>}: {@code POST
 * /mfa/associate} enrols a TOTP authenticator (active after its first code at the
 * {@code mfa-otp} grant) for a user who has no active one, {@code GET /mfa/authenticators} lists
 * the user's, and {@code DELETE /mfa/authenticators/{id}} removes one. An mfa_token proves only
 * the password, so with it a user removes only an enrolment not yet confirmed; an active
 * authenticator is removed with an admin API token ({@code tollgate:admin}), or by the
 * administrator's commands. Behind the per-address rate limit.
 */
public final class MfaRoutes implements RouteGroup {
    static final String ASSOCIATE = "/mfa/associate";
    static final String AUTHENTICATORS = "/mfa/authenticators";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MfaChallenges challenges;
    private final MultiFactor mfa;
    private final Directories directories;
    private final AccessTokenValidator accessTokens;
    private final AddressThrottle throttle;

    public MfaRoutes(MfaChallenges challenges, MultiFactor mfa, Directories directories,
            AccessTokenValidator accessTokens, AddressThrottle throttle) {
        this.challenges = challenges;
        this.mfa = mfa;
        this.directories = directories;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
    }

    @Override
    public List<String> paths() {
        return List.of(ASSOCIATE, AUTHENTICATORS, AUTHENTICATORS + "/{id}");
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String path : paths()) {
            routes.before(path, throttle);
        }
        Methods.postOnly(routes, ASSOCIATE, this::associate);
        routes.get(AUTHENTICATORS, this::list);
        Methods.notAllowed(routes, AUTHENTICATORS, "GET",
                List.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH));
        routes.delete(AUTHENTICATORS + "/{id}", this::remove);
        Methods.notAllowed(routes, AUTHENTICATORS + "/{id}", "DELETE",
                List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH));
    }

    private void associate(Context ctx) {
        Responses.noStore(ctx);
        MfaToken token = mfaToken(ctx);
        List<String> types = authenticatorTypes(ctx);
        if (!types.equals(List.of("otp"))) {
            throw OAuthError.invalidRequest("authenticator_types must be [\"otp\"]: only TOTP authenticators are supported")
                    .exception();
        }
        if (mfa.enrolled(token.userId(), token.directory())) {
            // the mfa_token proves only the password: another authenticator would get round the one there is
            throw new OAuthError(403, "access_denied", "User is already enrolled.").exception();
        }
        Identity user = directories.findUser(token.directory(), token.userId())
                .orElseThrow(() -> BearerChallenge.invalidToken("the mfa_token is not active"));
        MultiFactor.Enrolment enrolment = mfa.enrol(user.id(), user.directory(), user.username(), false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authenticator_type", "otp");
        body.put("secret", enrolment.secret());
        body.put("barcode_uri", enrolment.uri());
        body.put("recovery_codes", List.of(enrolment.recoveryCode()));
        Responses.json(ctx, 200, body);
    }

    private void list(Context ctx) {
        Responses.noStore(ctx);
        MfaToken token = mfaToken(ctx);
        Responses.json(ctx, 200, mfa.authenticators(token.userId(), token.directory()).stream()
                .map(MfaRoutes::representation).toList());
    }

    private void remove(Context ctx) {
        Responses.noStore(ctx);
        String bearer = bearer(ctx);
        String id = ctx.pathParam("id");
        Optional<Authenticator> found = mfa.authenticator(id);
        if (isAdmin(bearer)) {
            if (found.isEmpty()) {
                throw new OAuthError(404, "not_found", "no such authenticator").exception();
            }
        } else {
            MfaToken token = challenges.find(bearer)
                    .orElseThrow(() -> BearerChallenge.invalidToken("the mfa_token is not active"));
            // another user's authenticator is answered as one that does not exist
            Authenticator own = found.filter(a -> a.userId().equals(token.userId())
                    && a.directory().equals(token.directory()))
                    .orElseThrow(() -> new OAuthError(404, "not_found", "no such authenticator").exception());
            if (own.active()) {
                throw new OAuthError(403, "access_denied",
                        "an active authenticator is removed by an administrator").exception();
            }
        }
        mfa.remove(id);
        ctx.status(204);
    }

    private static Map<String, Object> representation(Authenticator authenticator) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", authenticator.id());
        json.put("authenticator_type", "otp");
        json.put("active", authenticator.active());
        return json;
    }

    private MfaToken mfaToken(Context ctx) {
        return challenges.find(bearer(ctx))
                .orElseThrow(() -> BearerChallenge.invalidToken("the mfa_token is not active"));
    }

    private static String bearer(Context ctx) {
        String token = BearerHeader.token(ctx.header("Authorization"));
        if (token == null) {
            throw BearerChallenge.missingToken();
        }
        return token;
    }

    /** An active admin API access token that may change things. */
    private boolean isAdmin(String token) {
        return accessTokens.validate(token)
                .filter(info -> info.audience().contains(Api.ADMIN.identifier())
                        && info.scopes().contains(Api.ADMIN_SCOPE))
                .isPresent();
    }

    /** {@code authenticator_types} of a JSON body (an array, as Auth0's API takes it) or a form body. */
    private static List<String> authenticatorTypes(Context ctx) {
        byte[] body = RequestParameters.body(ctx);
        String type = ctx.header("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (base.equals("application/json")) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw OAuthError.invalidRequest("malformed JSON body").exception();
            }
            JsonNode types = root == null ? null : root.get("authenticator_types");
            if (types == null || !types.isArray()) {
                throw OAuthError.invalidRequest("authenticator_types must be an array").exception();
            }
            java.util.ArrayList<String> names = new java.util.ArrayList<>();
            types.forEach(node -> names.add(node.isTextual() ? node.asText() : "?"));
            return names;
        }
        String value = RequestParameters.parse(base, type, body).get("authenticator_types");
        if (value == null) {
            throw OAuthError.invalidRequest("missing parameter 'authenticator_types'").exception();
        }
        return List.of(value.split(" "));
    }
}
