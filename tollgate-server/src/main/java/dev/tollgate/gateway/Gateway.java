package dev.tollgate.gateway;

import dev.tollgate.http.TlsConnector;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.resource.IssuerUnavailable;
import dev.tollgate.resource.TokenVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scope-enforcing gateway: one Jetty server with the public listener (the routes, plain HTTP
 * or TLS) and the management listener. It starts serving at once; the issuer's metadata and keys
 * are loaded in the background until they are had, and readiness waits for them.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Server server;
    private final ServerConnector publicConnector;
    private final ServerConnector managementConnector;
    private final ScheduledExecutorService keyLoader;
    private final AtomicBoolean keysLoaded = new AtomicBoolean();
    private final boolean tls;

    private Gateway(GatewayConfig config) {
        TokenVerifier.Builder verifier = TokenVerifier.forIssuer(config.issuer())
                .introspectionCache(Duration.ofSeconds(config.introspectionCacheSeconds()))
                .verifiedJwtCache(config.jwtCacheSize(), Duration.ofMinutes(1))
                // the server's RSA and ECDSA through AWS-LC, when it loads here: several times the JDK's rate
                .jcaProvider(NativeCrypto.provider(true).orElse(null));
        if (config.clientId() != null) {
            verifier.clientCredentials(config.clientId(), config.clientSecret());
        }
        TokenVerifier tokens = verifier.build();
        GatewayMetrics metrics = new GatewayMetrics();
        List<GatewayRoute> routes = config.routes().stream()
                .map(route -> new GatewayRoute(route, tokens, config.realm(), config.upstreamTimeoutMs())).toList();

        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        tls = config.tls().enabled();
        publicConnector = tls
                ? TlsConnector.create(server, http, config.host(), config.port(), Path.of(config.tls().cert()), Path.of(config.tls().key()))
                : connector(http, config.host(), config.port());
        managementConnector = connector(http, config.metrics().host(), config.metrics().port());
        server.addConnector(publicConnector);
        server.addConnector(managementConnector);
        Handler gateway = new GatewayHandler(new RouteTable(routes), new UpstreamProxy(metrics), metrics);
        Handler management = new ManagementHandler(metrics, keysLoaded::get);
        server.setHandler(new ByListener(managementConnector, management, gateway));

        keyLoader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-gateway-keys");
            thread.setDaemon(true);
            return thread;
        });
        keyLoader.execute(() -> loadKeys(tokens, true));
    }

    public static Gateway start(GatewayConfig config) {
        Gateway gateway = new Gateway(config);
        try {
            gateway.server.start();
        } catch (Exception e) {
            gateway.close();
            throw new IllegalStateException("the gateway could not start: " + e.getMessage(), e);
        }
        return gateway;
    }

    private ServerConnector connector(HttpConfiguration http, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private void loadKeys(TokenVerifier tokens, boolean first) {
        try {
            tokens.loadKeys();
            keysLoaded.set(true);
            LOG.info("gateway ready: keys of {} loaded", tokens.issuer());
        } catch (IssuerUnavailable e) {
            if (first) {
                LOG.warn("issuer {} not reachable yet, retrying every second: {}", tokens.issuer(), e.getMessage());
            }
            keyLoader.schedule(() -> loadKeys(tokens, false), 1, TimeUnit.SECONDS);
        }
    }

    public boolean ready() {
        return keysLoaded.get();
    }

    public int port() {
        return publicConnector.getLocalPort();
    }

    public int managementPort() {
        return managementConnector.getLocalPort();
    }

    public String localUrl() {
        return (tls ? "https" : "http") + "://" + hostForUrl(publicConnector.getHost()) + ":" + port();
    }

    public String managementUrl() {
        return "http://" + hostForUrl(managementConnector.getHost()) + ":" + managementPort();
    }

    private static String hostForUrl(String host) {
        if (host == null || host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        keyLoader.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("gateway stop: {}", e.getMessage());
        }
    }

    /** Sends each request to the handler of the listener it came in on. */
    private static final class ByListener extends Handler.Sequence {
        private final ServerConnector management;
        private final Handler managementHandler;
        private final Handler publicHandler;

        ByListener(ServerConnector management, Handler managementHandler, Handler publicHandler) {
            super(managementHandler, publicHandler);
            this.management = management;
            this.managementHandler = managementHandler;
            this.publicHandler = publicHandler;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            boolean onManagement = request.getConnectionMetaData().getConnector() == management;
            return (onManagement ? managementHandler : publicHandler).handle(request, response, callback);
        }
    }
}
