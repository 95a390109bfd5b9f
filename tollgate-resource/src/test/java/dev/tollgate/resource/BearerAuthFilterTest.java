package dev.tollgate.resource;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real servlet container (Jetty's, which Javalin brings into the tests). */
class BearerAuthFilterTest extends ProtectedService {
    Server jetty;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new BearerAuthFilter(issuer.verifier(), new Requirement(null, Set.of("orders:read")))),
                "/orders/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                VerifiedToken token = (VerifiedToken) request.getUserPrincipal();
                response.getWriter().write(token.getName() + " " + token.clientId() + " " + String.join(" ", token.scopes()));
            }
        }), "/orders/*");
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        issuer.close();
    }

    @Override
    String url(String path) {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + path;
    }

    @Test
    void answersRfc6750AndSetsTheUserPrincipal() throws Exception {
        assertRfc6750();
    }
}
