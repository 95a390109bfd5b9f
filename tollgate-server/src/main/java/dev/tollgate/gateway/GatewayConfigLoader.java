package dev.tollgate.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tollgate.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the gateway's TOML file the way the server reads its own: snake_case keys,
 * unknown keys refused by name, values of the wrong type named. The client secret may come from
 * {@code TOLLGATE_GATEWAY_CLIENT_SECRET} instead of the file.
 */
public final class GatewayConfigLoader {
    public static final String SECRET_VARIABLE = "TOLLGATE_GATEWAY_CLIENT_SECRET";
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private final ObjectMapper mapper = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The file as it stands at the root: a {@code [gateway]} table. */
    record File(GatewayConfig gateway) {}

    public GatewayConfig load(Path path, Map<String, String> env) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("gateway config file not found: " + path);
        }
        File file;
        try {
            file = mapper.readValue(path.toFile(), File.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown config key '" + path(e) + "'");
        } catch (JsonMappingException e) {
            throw new ConfigException("config key '" + path(e) + "' has a value of the wrong type: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JacksonException e) {
            throw new ConfigException("gateway config file " + path + " is not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("gateway config file " + path + " cannot be read: " + e.getMessage(), e);
        }
        if (file == null || file.gateway() == null) {
            throw new ConfigException("gateway config file " + path + " has no [gateway] table");
        }
        GatewayConfig config = file.gateway();
        String secret = env.get(SECRET_VARIABLE);
        if (secret != null && !secret.isEmpty()) {
            config = config.withClientSecret(secret);
        }
        validate(config);
        return config;
    }

    static void validate(GatewayConfig config) {
        requireUrl("gateway.issuer", config.issuer());
        requirePort("gateway.port", config.port());
        requirePort("gateway.metrics.port", config.metrics().port());
        if (config.clientId() != null && (config.clientSecret() == null || config.clientSecret().isEmpty())) {
            throw new ConfigException("gateway.client_secret: required with client_id (or set " + SECRET_VARIABLE + ")");
        }
        if (config.jwtCacheSize() < 0) {
            throw new ConfigException("gateway.jwt_cache_size: must be 0 or more");
        }
        if (config.introspectionCacheSeconds() < 0) {
            throw new ConfigException("gateway.introspection_cache_seconds: must be 0 or more");
        }
        if (config.upstreamTimeoutMs() <= 0) {
            throw new ConfigException("gateway.upstream_timeout_ms: must be more than 0");
        }
        if (config.tls().cert().isEmpty() != config.tls().key().isEmpty()) {
            throw new ConfigException("gateway.tls: cert and key go together");
        }
        if (config.routes().isEmpty()) {
            throw new ConfigException("gateway.routes: at least one [[gateway.routes]] is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < config.routes().size(); i++) {
            validate("gateway.routes[" + i + "].", config.routes().get(i), seen);
        }
    }

    private static void validate(String at, GatewayConfig.Route route, Set<String> seen) {
        String prefix = route.pathPrefix();
        if (prefix == null || !prefix.startsWith("/") || prefix.contains("?") || prefix.contains("#")
                || prefix.contains("..") || prefix.contains("//")) {
            throw new ConfigException(at + "path_prefix: a path starting with '/', without query, '..' or '//'");
        }
        requireUrl(at + "upstream", route.upstream());
        if (URI.create(route.upstream()).getRawQuery() != null) {
            throw new ConfigException(at + "upstream: must not have a query");
        }
        for (String method : route.methods()) {
            if (!METHOD.matcher(method).matches()) {
                throw new ConfigException(at + "methods: '" + method + "' is not an HTTP method in capitals");
            }
        }
        for (String method : route.methods().isEmpty() ? List.of("*") : route.methods()) {
            if (!seen.add(normalised(prefix) + " " + method)) {
                throw new ConfigException(at + "path_prefix: another route already takes " + method + " " + prefix);
            }
        }
        if (route.audience() != null && route.audience().isBlank()) {
            throw new ConfigException(at + "audience: must not be empty (leave it out for any audience)");
        }
        for (String scope : route.scopes()) {
            if (scope.isEmpty() || scope.contains(" ")) {
                throw new ConfigException(at + "scopes: '" + scope + "' is not a scope");
            }
        }
        if (route.requestsPerMinute() != null && route.requestsPerMinute() <= 0) {
            throw new ConfigException(at + "requests_per_minute: must be more than 0");
        }
        if (route.upstreamTimeoutMs() != null && route.upstreamTimeoutMs() <= 0) {
            throw new ConfigException(at + "upstream_timeout_ms: must be more than 0");
        }
    }

    static String normalised(String prefix) {
        return prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static void requireUrl(String key, String value) {
        try {
            URI uri = value == null ? null : new URI(value);
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawFragment() != null) {
                throw new ConfigException(key + ": an absolute http or https URL is required");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key + ": not a URL: " + value);
        }
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + ": a port from 0 to 65535 is required");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
