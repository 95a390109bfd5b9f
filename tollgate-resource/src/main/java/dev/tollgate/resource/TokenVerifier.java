package dev.tollgate.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.JOSEException;
import java.net.MalformedURLException;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a Tollgate access token. A JWT (RFC 9068) is checked here: its signature against the
 * issuer's JWKS (cached, and fetched again when a token names a key id the cache lacks, which is how
 * key rotation reaches a resource server), {@code typ: at+jwt}, {@code iss}, {@code exp} and a
 * subject. An opaque token is introspected (RFC 7662) with this service's client credentials, the
 * answer cached. With {@code checkRevocation} a JWT is introspected too, so that a revoked one is
 * refused within the cache's lifetime.
 *
 * <p>Everything about the issuer comes from its metadata, fetched on first use. Thread-safe; make one
 * per issuer and share it.
 */
public final class TokenVerifier {
    /** What Tollgate signs with: RSA, ECDSA P-256 and Ed25519 (the last needs Tink on the class path). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final Builder settings;
    private final HttpClient http;
    private final Cache<String, VerifiedToken> verifiedJwts;
    private volatile Loaded loaded;

    private record Loaded(IssuerMetadata metadata, JWKSource<SecurityContext> keys,
            DefaultJWTProcessor<SecurityContext> processor, Introspector introspector) {}

    private TokenVerifier(Builder settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.httpTimeout).build();
        this.verifiedJwts = settings.verifiedJwtCacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(settings.verifiedJwtCacheSize)
                .expireAfterWrite(settings.verifiedJwtCacheTime)
                .build();
    }

    public static Builder forIssuer(String issuer) {
        return new Builder(issuer);
    }

    public String issuer() {
        return settings.issuer;
    }

    /** A token that passes, or {@link TokenRejected}; {@link IssuerUnavailable} when the issuer cannot be asked. */
    public VerifiedToken verify(String token) throws TokenRejected {
        return verify(token, false);
    }

    public VerifiedToken verify(String token, boolean checkRevocation) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("the token is empty");
        }
        Loaded state = load();
        if (looksLikeJwt(token)) {
            VerifiedToken verified = verifyJwt(state, token);
            if (checkRevocation) {
                introspected(state, token);
            }
            return verified;
        }
        return introspected(state, token);
    }

    /**
     * Fetches the metadata and the keys now (instead of on the first request): a service is ready
     * once this returns. Throws {@link IssuerUnavailable} when either cannot be had.
     */
    public void loadKeys() {
        Loaded state = load();
        try {
            if (state.keys().get(new JWKSelector(new JWKMatcher.Builder().build()), null).isEmpty()) {
                throw new IssuerUnavailable("the issuer's JWKS holds no keys", null);
            }
        } catch (KeySourceException e) {
            throw new IssuerUnavailable("the issuer's JWKS is unavailable: " + e.getMessage(), e);
        }
    }

    private Loaded load() {
        Loaded state = loaded;
        if (state != null) {
            return state;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = build(IssuerMetadata.fetch(http, settings.issuer, settings.httpTimeout));
            }
            return loaded;
        }
    }

    private Loaded build(IssuerMetadata metadata) {
        int millis = (int) settings.httpTimeout.toMillis();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(metadata.jwksUri().toURL(),
                            new DefaultResourceRetriever(millis, millis, 1024 * 1024))
                    .cache(settings.jwksCacheTime.toMillis(), settings.httpTimeout.toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IssuerUnavailable("the issuer's jwks_uri is not a URL: " + metadata.jwksUri(), e);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AT_JWT, new JOSEObjectType("application/at+jwt")));
        processor.setJWSKeySelector(new CachedKeySelector(ALGORITHMS, keys, settings.jcaProvider));
        if (settings.jcaProvider != null) {
            DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
            verifiers.getJCAContext().setProvider(settings.jcaProvider);
            processor.setJWSVerifierFactory(verifiers);
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(settings.issuer).build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) settings.clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        Introspector introspector = metadata.introspectionEndpoint() == null || settings.clientId == null ? null
                : new Introspector(http, metadata.introspectionEndpoint(), settings.clientId, settings.clientSecret,
                        settings.introspectionCacheTime, settings.httpTimeout);
        return new Loaded(metadata, keys, processor, introspector);
    }

    /**
     * A JWT whose signature and claims were checked before is taken from the cache, as long as it
     * has not expired since: a service sees the same token many times in its lifetime, and the
     * signature check is most of the cost of a request.
     */
    private VerifiedToken verifyJwt(Loaded state, String token) throws TokenRejected {
        if (verifiedJwts == null) {
            return verifySignedJwt(state, token);
        }
        VerifiedToken cached = verifiedJwts.getIfPresent(token);
        if (cached != null) {
            if (cached.expiresAt().plus(settings.clockSkew).isAfter(Instant.now())) {
                return cached;
            }
            verifiedJwts.invalidate(token);
        }
        VerifiedToken verified = verifySignedJwt(state, token);
        verifiedJwts.put(token, verified);
        return verified;
    }

    private VerifiedToken verifySignedJwt(Loaded state, String token) throws TokenRejected {
        JWTClaimsSet claims;
        try {
            claims = state.processor().process(token, null);
        } catch (BadJWTException e) {
            throw new TokenRejected(e.getMessage() != null && e.getMessage().contains("Expired")
                    ? "the token has expired" : "the token's claims are not acceptable");
        } catch (BadJOSEException e) {
            throw new TokenRejected("the token's type or signature is not valid");
        } catch (ParseException e) {
            throw new TokenRejected("the token is malformed");
        } catch (JOSEException e) {
            // a key could not be fetched: neither accepted nor refused
            if (e instanceof KeySourceException) {
                throw new IssuerUnavailable("the issuer's keys are unavailable", e);
            }
            throw new TokenRejected("the token's signature is not valid");
        }
        Map<String, Object> all = claims.getClaims();
        return new VerifiedToken(claims.getSubject(), string(all.get("client_id")),
                string(all.getOrDefault("preferred_username", all.get("username"))), scopes(all.get("scope")),
                claims.getAudience(), instant(claims.getExpirationTime()), claims.getJWTID(), all);
    }

    private VerifiedToken introspected(Loaded state, String token) throws TokenRejected {
        if (state.introspector() == null) {
            throw new TokenRejected("the token cannot be checked here: it is not a JWT and no introspection client is configured");
        }
        Map<String, Object> json = state.introspector().introspect(token);
        if (!Boolean.TRUE.equals(json.get("active"))) {
            throw new TokenRejected("the token is not active");
        }
        Object exp = json.get("exp");
        Instant expiresAt = exp instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
        if (expiresAt != null && expiresAt.isBefore(Instant.now().minus(settings.clockSkew))) {
            // a cached answer outlives the token it describes
            throw new TokenRejected("the token has expired");
        }
        if (json.get("iss") != null && !settings.issuer.equals(json.get("iss"))) {
            throw new TokenRejected("the token was issued by another issuer");
        }
        if (json.get("token_type") != null && !"access_token".equals(json.get("token_type"))
                && !"Bearer".equalsIgnoreCase(String.valueOf(json.get("token_type")))) {
            throw new TokenRejected("the token is not an access token");
        }
        return new VerifiedToken(string(json.get("sub")), string(json.get("client_id")), string(json.get("username")),
                scopes(json.get("scope")), audience(json.get("aud")), expiresAt, string(json.get("jti")),
                new LinkedHashMap<>(json));
    }

    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first && token.indexOf('.', second + 1) < 0;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Set<String> scopes(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(s.trim().split(" +")).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> audience(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().filter(Objects::nonNull).map(Object::toString).toList();
        }
        return List.of();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** How to reach and trust one issuer. Only the issuer is required; without client credentials opaque tokens are refused. */
    public static final class Builder {
        private final String issuer;
        private String clientId;
        private String clientSecret;
        private Duration introspectionCacheTime = Duration.ofSeconds(30);
        private Duration jwksCacheTime = Duration.ofMinutes(5);
        private Duration clockSkew = Duration.ofSeconds(60);
        private long verifiedJwtCacheSize = 10_000;
        private Duration verifiedJwtCacheTime = Duration.ofMinutes(1);
        private Duration httpTimeout = Duration.ofSeconds(5);
        private java.security.Provider jcaProvider;

        private Builder(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** The client that may introspect (Tollgate: {@code can_introspect = true}). */
        public Builder clientCredentials(String id, String secret) {
            this.clientId = Objects.requireNonNull(id, "client id");
            this.clientSecret = Objects.requireNonNull(secret, "client secret");
            return this;
        }

        /** How long an introspection answer is reused: the longest a revoked token is still accepted. Zero: never cached. */
        public Builder introspectionCache(Duration time) {
            this.introspectionCacheTime = time;
            return this;
        }

        public Builder jwksCache(Duration time) {
            this.jwksCacheTime = time;
            return this;
        }

        /**
         * How many verified JWTs are kept, and for how long at most (never past their {@code exp}),
         * so that a token seen again is not verified again; also the longest a token signed by a
         * key the issuer has since withdrawn is still accepted. Size zero: every request verifies.
         */
        public Builder verifiedJwtCache(long size, Duration time) {
            if (size < 0 || time.isNegative()) {
                throw new IllegalArgumentException("the verified JWT cache's size and time must not be negative");
            }
            this.verifiedJwtCacheSize = time.isZero() ? 0 : size;
            this.verifiedJwtCacheTime = time;
            return this;
        }

        /** How far {@code exp} and {@code nbf} may be off this machine's clock. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** Connect and read timeout of each request to the issuer. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = timeout;
            return this;
        }

        /**
         * The JCA provider that checks signatures (the JDK's by default), e.g. Amazon Corretto
         * Crypto Provider, whose RSA verification is several times faster.
         */
        public Builder jcaProvider(java.security.Provider provider) {
            this.jcaProvider = provider;
            return this;
        }

        public TokenVerifier build() {
            return new TokenVerifier(this);
        }
    }
}
