package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.http.HttpServer;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.oauth.GrantHandler;
import dev.tollgate.oauth.PasswordGrant;
import dev.tollgate.oauth.ScopePolicy;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenIssuer;
import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.oauth.clientauth.ClientSecretBasicAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretPostAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretVerifier;
import dev.tollgate.oauth.clientauth.PublicClientAuthenticator;
import dev.tollgate.observe.AuditLog;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running server: the whole object graph, wired by hand in one place. */
public final class Tollgate implements AutoCloseable {
    /** How often ended lockouts are recorded and idle login-failure counters forgotten. */
    private static final long SWEEP_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Tollgate.class);

    private final Services services;
    private final Javalin app;
    private final String issuer;
    private final String host;
    private final String scheme;
    private final ScheduledExecutorService sweeper;

    private Tollgate(Services services, Javalin app, String issuer, String host, String scheme,
            ScheduledExecutorService sweeper) {
        this.services = services;
        this.app = app;
        this.issuer = issuer;
        this.host = host;
        this.scheme = scheme;
        this.sweeper = sweeper;
    }

    /** Starts a server on the configuration's storage; the caller closes it. */
    public static Tollgate start(Config config) {
        Services services = Services.open(config);
        try {
            new ConfigSync(services).apply(config);
            return start(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** Starts a server on already opened services, which it then owns. */
    public static Tollgate start(Services services) {
        Config config = services.config;
        int port = config.server().port() == 0 ? freePort(config.server().host()) : config.server().port();
        String scheme = config.server().tls().enabled() ? "https" : "http";
        String issuer = config.server().issuer().isEmpty()
                ? scheme + "://" + hostForUrl(config.server().host()) + ":" + port
                : config.server().issuer();
        SigningKeys keys = SigningKeys.loadOrCreate(services.signingKeys, services.clock);

        ClientSecretVerifier secrets = new ClientSecretVerifier(services.hasher, services.hashPool);
        AuditLog audit = services.audit();
        ClientAuthentication clientAuth = new ClientAuthentication(List.of(
                new ClientSecretBasicAuthenticator(services.clients, secrets),
                new ClientSecretPostAuthenticator(services.clients, secrets),
                new PublicClientAuthenticator(services.clients)), audit);
        Config.Tokens tokens = config.tokens();
        TokenIssuer tokenIssuer = new TokenIssuer(keys, services.tokens, services.clock, new TokenIssuer.Settings(
                issuer,
                tokens.defaultAudience().isEmpty() ? issuer : tokens.defaultAudience(),
                tokens.accessTokenTtl(),
                tokens.refreshTokenTtl()));
        ScopePolicy scopes = new ScopePolicy();
        List<GrantHandler> grants = new ArrayList<>();
        if (config.passwordGrantEnabled()) {
            grants.add(new PasswordGrant(new DatabaseDirectory(services.users, services.hasher, services.hashPool),
                    scopes, tokenIssuer, services.bruteForceGuard(), services.loginQueue, audit));
        }
        TokenEndpoint tokenEndpoint = new TokenEndpoint(clientAuth, grants, audit);
        ServerMetadata metadata = new ServerMetadata(
                new ServerMetadata.Endpoints(issuer, issuer + HttpServer.TOKEN_PATHS.get(0),
                        issuer + HttpServer.JWKS_PATH),
                tokenEndpoint.grantTypes(), clientAuth.methodNames(), services.clients);

        HttpServer http = new HttpServer(tokenEndpoint, tokens.includeIssuedAt(), () -> metadata,
                keys::publicKeys, services.database::isReachable, config.server().trustedProxies(),
                new IpRateLimit(config.bruteForce().ipRequestsPerMinute()));
        // logins waiting in the login queue, plus client secret checks waiting in the hashing pool
        int maxBlocked = services.hashPool.threads() + 2 * config.passwords().hashQueue();
        Javalin app = http.create(config.server().host(), port, config.server().tls(), maxBlocked);
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        return new Tollgate(services, app, issuer, config.server().host(), scheme, sweep(services.bruteForceGuard()));
    }

    private static ScheduledExecutorService sweep(BruteForceGuard guard) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-lockout-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                guard.sweep();
            } catch (RuntimeException e) {
                // a failed run (storage away for a moment) must not end the schedule
                LOG.warn("lockout sweep failed: {}", e.toString());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        return sweeper;
    }

    public int port() {
        return app.port();
    }

    public String issuer() {
        return issuer;
    }

    /** Where this process listens, e.g. {@code http://127.0.0.1:8080}. */
    public String localUrl() {
        return scheme + "://" + hostForUrl(host) + ":" + port();
    }

    /** True when passwords would cross a network unencrypted: no TLS, and listening beyond loopback. */
    public boolean servesPlainHttpBeyondLoopback() {
        if ("https".equals(scheme)) {
            return false;
        }
        try {
            return !InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return true;
        }
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        app.stop();
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
