package dev.tollgate.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BearerAuthPluginTest extends ProtectedService {
    Javalin app;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
        TokenVerifier verifier = issuer.verifier();
        app = Javalin.create(config -> {
            config.registerPlugin(new BearerAuthPlugin(auth -> {
                auth.verifier = verifier;
                auth.path = "/orders*";
                auth.scopes = Set.of("orders:read");
            }));
            config.routes.get("/orders", ctx -> {
                VerifiedToken token = BearerAuthPlugin.token(ctx);
                ctx.result(token.subject() + " " + token.clientId() + " " + String.join(" ", token.scopes()));
            });
            config.routes.get("/open", ctx -> ctx.result("open " + (BearerAuthPlugin.token(ctx) == null)));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        issuer.close();
    }

    @Override
    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Test
    void answersRfc6750AndPutsTheTokenInTheContext() throws Exception {
        assertRfc6750();
    }

    @Test
    void pathsOutsideThePluginsAreNotChecked() throws Exception {
        assertThat(Http.get(url("/open"), null).body()).isEqualTo("open true");
    }
}
