package dev.tollgate.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** The RFC 6750 answers every integration must give, asserted against a service that echoes its principal. */
abstract class ProtectedService {
    FakeIssuer issuer;

    abstract String url(String path);

    void assertRfc6750() throws Exception {
        HttpResponse<String> none = Http.get(url("/orders"), null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tollgate\"");

        HttpResponse<String> bad = Http.get(url("/orders"), "Bearer " + issuer.token("orders:read") + "x");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(bad.body()).contains("\"error\":\"invalid_token\"");

        HttpResponse<String> scope = Http.get(url("/orders"), "Bearer " + issuer.token("profile"));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:read\"");

        HttpResponse<String> ok = Http.get(url("/orders"), "Bearer " + issuer.token("orders:read"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("user-1 app orders:read");

        HttpResponse<String> opaque = Http.get(url("/orders"), "Bearer " + issuer.opaqueToken("orders:read"));
        assertThat(opaque.statusCode()).isEqualTo(200);
        assertThat(opaque.body()).isEqualTo("user-2 app orders:read");
    }
}
