package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.store.Client;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's public keys for private_key_jwt: its inline {@code jwks}, or the JWK Set at its
 * {@code jwks_uri}, fetched by Nimbus, cached, and fetched again when an assertion names a
 * {@code kid} the cached set lacks (no more often than the refetch interval allows), within the
 * bounds of {@link JwksRetriever}.
 */
final class ClientKeys {
    private static final long CACHE_MILLIS = 5 * 60 * 1000;
    private static final long FETCH_TIMEOUT_MILLIS = 15 * 1000;

    private final long refetchIntervalMillis;
    private final Map<String, JWKSource<SecurityContext>> remote = new ConcurrentHashMap<>();

    ClientKeys(long refetchIntervalSeconds) {
        this.refetchIntervalMillis = refetchIntervalSeconds * 1000;
    }

    /** The keys of the client that fit the assertion's header (type, algorithm, kid). */
    List<JWK> select(Client client, JWSHeader header) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        try {
            if (client.jwks() != null) {
                return selector.select(JWKSet.parse(client.jwks()));
            }
            if (client.jwksUri() != null) {
                return remote.computeIfAbsent(client.jwksUri(), this::source).get(selector, null);
            }
        } catch (ParseException | KeySourceException e) {
            return List.of();
        }
        return List.of();
    }

    private JWKSource<SecurityContext> source(String uri) {
        try {
            JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(URI.create(uri).toURL(),
                            new JwksRetriever())
                    .cache(CACHE_MILLIS, FETCH_TIMEOUT_MILLIS)
                    .retrying(false)
                    .outageTolerant(false);
            return refetchIntervalMillis > 0
                    ? builder.rateLimited(refetchIntervalMillis).build()
                    : builder.rateLimited(false).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("client jwks_uri is not a URL: " + uri, e);
        }
    }
}
