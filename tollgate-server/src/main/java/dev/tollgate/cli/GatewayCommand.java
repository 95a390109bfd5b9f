package dev.tollgate.cli;

import dev.tollgate.gateway.Gateway;
import dev.tollgate.gateway.GatewayConfig;
import dev.tollgate.gateway.GatewayConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Start the scope-enforcing gateway: it checks each request's token against its route and proxies it upstream.")
final class GatewayCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the gateway's TOML file ([gateway] and its [[gateway.routes]])")
    Path file;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig config = new GatewayConfigLoader().load(file, System.getenv());
        Gateway gateway = Gateway.start(config);
        LOG.info("Tollgate gateway listening on {} (management {}), issuer {}", gateway.localUrl(), gateway.managementUrl(),
                config.issuer());
        // printed for scripts that start it on port 0
        System.out.println("gateway listening on " + gateway.localUrl() + " management " + gateway.managementUrl());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "tollgate-gateway-shutdown"));
        stopped.await();
        return 0;
    }
}
