package dev.tollgate.resource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * A Jakarta servlet filter that protects whatever it is mapped to with Tollgate's tokens: a request
 * without an acceptable token is answered as RFC 6750 says and goes no further; one with a token
 * continues with the {@link VerifiedToken} as its user principal ({@code getUserPrincipal()}, auth
 * type {@code Bearer}) and as the request attribute {@link VerifiedToken#ATTRIBUTE}.
 */
public final class BearerAuthFilter implements Filter {
    private final BearerGuard guard;

    public BearerAuthFilter(TokenVerifier verifier, Requirement requirement) {
        this(new BearerGuard(verifier, requirement, "tollgate", false));
    }

    public BearerAuthFilter(BearerGuard guard) {
        this.guard = guard;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(req, res); // CORS preflights carry no credentials
            return;
        }
        BearerGuard.Outcome outcome = guard.check(request.getHeader("Authorization"));
        if (outcome instanceof BearerGuard.Passed passed) {
            request.setAttribute(VerifiedToken.ATTRIBUTE, passed.token());
            chain.doFilter(new Authenticated(request, passed.token()), res);
            return;
        }
        BearerGuard.Refused refused = (BearerGuard.Refused) outcome;
        response.setStatus(refused.status());
        refused.headers().forEach(response::setHeader);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static final class Authenticated extends HttpServletRequestWrapper {
        private final VerifiedToken token;

        Authenticated(HttpServletRequest request, VerifiedToken token) {
            super(request);
            this.token = token;
        }

        @Override
        public Principal getUserPrincipal() {
            return token;
        }

        @Override
        public String getRemoteUser() {
            return token.username() != null ? token.username() : token.subject();
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }
    }
}
