package dev.tollgate.server;

import dev.tollgate.Unavailable;
import dev.tollgate.admin.Admin;
import dev.tollgate.config.Config;
import dev.tollgate.http.AddressThrottle;
import dev.tollgate.http.HealthRoutes;
import dev.tollgate.http.admin.AdminApiRoutes;
import dev.tollgate.http.HttpServer;
import dev.tollgate.http.MetricsRoutes;
import dev.tollgate.http.OAuthRoutes;
import dev.tollgate.http.Paths;
import dev.tollgate.http.MfaRoutes;
import dev.tollgate.http.RouteGroup;
import dev.tollgate.http.console.ConsoleRoutes;
import dev.tollgate.http.console.PortalRoutes;
import dev.tollgate.admin.Applications;
import dev.tollgate.store.jdbc.JdbcApplicationStore;
import dev.tollgate.http.UserInfoRoutes;
import dev.tollgate.http.WellKnownRoutes;
import dev.tollgate.identity.Directory;
import dev.tollgate.identity.LdapDirectory;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.keys.SigningKeys;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: storage and services, the protocol, the HTTP routes (on the public listener,
 * and the metrics on the management listener) and housekeeping, started in that order.
 */
public final class Tollgate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tollgate.class);

    private final Services services;
    private final Javalin app;
    private final Javalin management;
    private final Address address;
    private final Housekeeping housekeeping;

    private Tollgate(Services services, Javalin app, Javalin management, Address address, Housekeeping housekeeping) {
        this.services = services;
        this.app = app;
        this.management = management;
        this.address = address;
        this.housekeeping = housekeeping;
    }

    /** Where the server listens and the issuer it names, with port 0 already turned into a free port. */
    record Address(String host, int port, String scheme, String issuer) {
        static Address of(Config.Server server) {
            int port = server.port() == 0 ? freePort(server.host()) : server.port();
            String scheme = server.tls().enabled() ? "https" : "http";
            String issuer = server.issuer().isEmpty() ? scheme + "://" + hostForUrl(server.host()) + ":" + port
                    : server.issuer();
            return new Address(server.host(), port, scheme, issuer);
        }
    }

    /** Starts a server on the configuration's storage; the caller closes it. */
    public static Tollgate start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts a server whose idea of the time is the given clock. */
    public static Tollgate start(Config config, Clock clock) {
        return start(config, clock, admin -> {});
    }

    /**
     * Starts a server; {@code beforeListening} runs after the configuration file's clients, users
     * and APIs are in storage and before the port opens ({@code serve --demo} creates its demo there).
     */
    public static Tollgate start(Config config, Clock clock, Consumer<Admin> beforeListening) {
        Services services = Services.open(config, clock);
        try {
            new ConfigSync(services.admin()).apply(config);
            beforeListening.accept(services.admin());
            return start(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private static Tollgate start(Services services) {
        Config config = services.config();
        Address address = Address.of(config.server());
        SigningKeys keys = SigningKeys.load(services.keyRing(),
                NativeCrypto.provider(config.keys().nativeCrypto()).orElse(null));
        LOG.info("Argon2id by {}, RSA and ECDSA token signatures by {}", services.hashing().hasher().argon2Engine(),
                keys.providerName());
        Protocol protocol = Protocol.wire(services, keys, address.issuer());
        Javalin app = new HttpServer(routes(services, protocol, keys, address.issuer()), services.metrics(),
                config.server().trustedProxies()).create(listen(services, address));
        Javalin management = management(services);
        try {
            app.start();
            management.start();
        } catch (RuntimeException e) {
            management.stop();
            app.stop();
            throw e;
        }
        LOG.info("metrics on {}", metricsUrl(config.metrics().host(), management.port()));
        connectDirectories(services);
        Housekeeping housekeeping = new Housekeeping(expiring(services), keys, services.bruteForceGuard(),
                services.clock());
        housekeeping.start(config.keys().reloadInterval());
        return new Tollgate(services, app, management, address, housekeeping);
    }

    /** What housekeeping deletes: expired rows, and audit events past their retention. */
    private static List<LongToIntFunction> expiring(Services services) {
        List<LongToIntFunction> expiring = new ArrayList<>(services.stores().expiring());
        expiring.add(now -> services.admin().audit().purgeExpired(Instant.ofEpochSecond(now)));
        return expiring;
    }

    /**
     * Connects to the LDAP directories in the background, so that the first login finds the
     * connections open and the metrics show each directory's state; one that is down does not
     * keep the server from starting (its logins are answered 503 until it returns).
     */
    private static void connectDirectories(Services services) {
        for (Directory directory : services.directories().all()) {
            if (directory instanceof LdapDirectory ldap) {
                Thread connect = new Thread(() -> {
                    try {
                        ldap.probe();
                    } catch (Unavailable e) {
                        LOG.warn("user directory '{}' unavailable: {}", ldap.name(),
                                e.getCause() == null ? e.description() : e.getCause().getMessage());
                    }
                }, "tollgate-directory-" + ldap.name());
                connect.setDaemon(true);
                connect.start();
            }
        }
    }

    /**
     * The management listener: only {@code /metrics}, whose labels name the clients, kept off the
     * public listener so that it can stay on an address only monitoring reaches.
     */
    private static Javalin management(Services services) {
        Config config = services.config();
        return new HttpServer(List.of(new MetricsRoutes(services.metrics()::scrape)), services.metrics(), List.of())
                .create(new HttpServer.Listen(config.metrics().host(), config.metrics().port(),
                        config.server().shutdownTimeout() * 1000, new Config.Tls("", ""), 0));
    }

    private static List<RouteGroup> routes(Services services, Protocol protocol, SigningKeys keys, String issuer) {
        Config config = services.config();
        // one budget per address for every endpoint that takes credentials; the token endpoint moves
        // a request to its authenticated client's bucket (RequestOrigin)
        AddressThrottle throttle = new AddressThrottle(protocol.ipRateLimit());
        List<RouteGroup> routes = new ArrayList<>(List.of(
                new OAuthRoutes(protocol.tokenEndpoint(), protocol.revocation(), protocol.introspection(),
                        config.tokens().includeIssuedAt(), throttle),
                new UserInfoRoutes(protocol.userInfo(), throttle),
                new WellKnownRoutes(protocol.metadata(), protocol.providerMetadata(), keys::publicKeys),
                new HealthRoutes(services.stores().database()::isReachable, () -> !keys.publicKeys().getKeys().isEmpty()),
                new AdminApiRoutes(services.admin(), protocol.accessTokens(), services.audit(), throttle),
                new MfaRoutes(protocol.mfaChallenges(), services.mfa(), protocol.directories(), protocol.accessTokens(),
                        throttle),
                console(services, protocol, throttle)));
        if (config.portal().enabled()) {
            routes.add(portal(services, protocol, keys, throttle, issuer));
        }
        return routes;
    }

    private static ConsoleRoutes console(Services services, Protocol protocol, AddressThrottle throttle) {
        Config.Console console = services.config().console();
        return new ConsoleRoutes(services.admin(), protocol.directories(), services.hashing().queue(),
                services.hashing().pool(), services.bruteForceGuard(), services.audit(), throttle, services.clock(),
                console.idleTimeout(), console.absoluteTimeout(), services.stores().database()::isReachable);
    }

    private static PortalRoutes portal(Services services, Protocol protocol, SigningKeys keys, AddressThrottle throttle,
            String issuer) {
        Config config = services.config();
        Applications applications = new Applications(services.admin().clients(),
                new JdbcApplicationStore(services.stores().database().sql()), config.portal().grantTypes(),
                services.clock());
        return new PortalRoutes(services.admin().users(), applications, protocol.directories(),
                services.bruteForceGuard(), services.hashing().queue(), services.audit(), throttle,
                protocol.tokenEndpoint(), keys::publicKeys, services.clock(),
                new PortalRoutes.Settings(config.portal().selfSignup(), config.console().idleTimeout(),
                        config.console().absoluteTimeout(), issuer + Paths.TOKEN.get(0),
                        config.tokens().includeIssuedAt()));
    }

    private static HttpServer.Listen listen(Services services, Address address) {
        Config config = services.config();
        // logins waiting in the login queue, plus client secret checks waiting in the hashing pool
        int maxBlocked = services.hashing().pool().threads() + 2 * config.passwords().hashQueue();
        return new HttpServer.Listen(config.server().host(), address.port(), config.server().shutdownTimeout() * 1000,
                config.server().tls(), maxBlocked);
    }

    public int port() {
        return app.port();
    }

    public String issuer() {
        return address.issuer();
    }

    /** Where this process listens, e.g. {@code http://127.0.0.1:8080}. */
    public String localUrl() {
        return address.scheme() + "://" + hostForUrl(address.host()) + ":" + port();
    }

    /** Where the management listener serves the metrics, e.g. {@code http://127.0.0.1:9090/metrics}. */
    public String metricsUrl() {
        return metricsUrl(services.config().metrics().host(), management.port());
    }

    private static String metricsUrl(String host, int port) {
        return "http://" + hostForUrl(host) + ":" + port + Paths.METRICS;
    }

    /** True when passwords would cross a network unencrypted: no TLS, and listening beyond loopback. */
    public boolean servesPlainHttpBeyondLoopback() {
        if ("https".equals(address.scheme())) {
            return false;
        }
        try {
            return !InetAddress.getByName(address.host()).isLoopbackAddress();
        } catch (IOException e) {
            return true;
        }
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        housekeeping.close();
        app.stop();
        management.stop();
        services.close();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    private static String hostForUrl(String host) {
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
