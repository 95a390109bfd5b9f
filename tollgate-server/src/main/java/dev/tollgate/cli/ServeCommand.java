package dev.tollgate.cli;

import dev.tollgate.config.Config;
import dev.tollgate.server.Demo;
import dev.tollgate.server.Tollgate;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the server (by default on 127.0.0.1:8080 with an H2 database under ./data).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /**
     * Set by ./tollgate to record what a start and serving load (see {@link Training}): serve the
     * training requests, then stop.
     */
    static final String TRAINING_PROPERTY = "tollgate.training";
    private static final String PLAIN_HTTP_WARNING = """

            ************************************************************************
            WARNING: serving plain HTTP on {}, which is not a loopback address.
            Passwords, client secrets and tokens cross the network unencrypted.
            RFC 6749 requires TLS for the token endpoint: set [server.tls] cert and
            key, or listen on loopback behind a TLS-terminating proxy.
            ************************************************************************""";

    @Mixin
    ConfigOptions options;

    @Option(names = "--demo", description = "also create a demo client and user, and print a curl command that uses them")
    boolean demo;

    @Option(names = "--port", description = "listen on this port (0: any free port)")
    Integer port;

    @Option(names = "--host", description = "listen on this address")
    String host;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Config config = options.load(overrides());
        AtomicReference<Demo.Credentials> credentials = new AtomicReference<>();
        boolean training = Boolean.getBoolean(TRAINING_PROPERTY);
        Tollgate server = Tollgate.start(config, Clock.systemUTC(), admin -> {
            if (demo) {
                credentials.set(new Demo(admin).create());
            }
            if (training) {
                Training.prepare(admin);
            }
        });
        LOG.info("Tollgate listening on {} (issuer {})", server.localUrl(), server.issuer());
        if (server.servesPlainHttpBeyondLoopback()) {
            LOG.warn(PLAIN_HTTP_WARNING, config.server().host());
        }
        if (credentials.get() != null) {
            printDemo(credentials.get(), server.localUrl());
        }
        if (training) {
            try {
                Training.exercise(server.localUrl());
            } finally {
                server.close();
            }
            return 0;
        }
        awaitStop(server);
        return 0;
    }

    private Map<String, String> overrides() {
        Map<String, String> extra = new LinkedHashMap<>();
        if (port != null) {
            extra.put("server.port", port.toString());
        }
        if (host != null) {
            extra.put("server.host", host);
        }
        return extra;
    }

    private static void printDemo(Demo.Credentials credentials, String localUrl) {
        System.out.println();
        System.out.println("Demo client '" + credentials.clientId() + "' and user '" + credentials.username()
                + "' are ready. Get a token with:");
        System.out.println();
        System.out.println("  " + credentials.curl(localUrl + "/oauth/token"));
        System.out.println();
        System.out.println("The admin client '" + Demo.ADMIN_CLIENT_ID + "' may manage the server through the admin API"
                + " (" + localUrl + "/admin/api/v1). Get an admin token with:");
        System.out.println();
        System.out.println("  " + credentials.adminTokenCurl(localUrl + "/oauth/token"));
        System.out.println();
        System.out.println("and send it as: Authorization: Bearer <access_token>");
        System.out.println();
    }

    /** Serves until SIGTERM or SIGINT, then drains the requests in flight. */
    private static void awaitStop(Tollgate server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("stopping: finishing requests in flight");
                server.close();
                LOG.info("stopped");
                stopped.countDown();
            }
        };
        // SIGTERM and SIGINT drain the server before the JVM's shutdown begins: H2 closes an
        // embedded database from a shutdown hook of its own, which would otherwise run next to the
        // drain and fail the requests still in flight.
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    stop.run();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("no handler for SIG{} here; the shutdown hook stops the server", name);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            awaitH2Closer();
            // SIGTERM is the normal way to stop a server: exit 0, not the JVM's 143
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            Runtime.getRuntime().halt(0);
        }, "tollgate-shutdown"));
        stopped.await();
    }

    /**
     * H2 closes an embedded database from a shutdown hook of its own, which runs next to ours; halting
     * before it has finished leaves its lock file behind, and the next start then waits about two
     * seconds for that lock to age.
     */
    private static void awaitH2Closer() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getClass().getName().equals("org.h2.engine.OnExitDatabaseCloser")) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
