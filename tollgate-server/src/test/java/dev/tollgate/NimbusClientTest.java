package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A standard Java OAuth client library talks to Tollgate. */
class NimbusClientTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.APP_AND_ALICE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void nimbusObtainsTokenWithClientSecretBasic() throws Exception {
        TokenRequest request = new TokenRequest(URI.create(server.url("/oauth/token")),
                new ClientSecretBasic(new ClientID("app"), new Secret("app-secret")),
                new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("alice-password")),
                new Scope("read"));
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        AccessTokenResponse success = response.toSuccessResponse();
        assertThat(success.getTokens().getBearerAccessToken().getScope()).isEqualTo(new Scope("read"));
        assertThat(success.getTokens().getRefreshToken()).isNotNull();
        assertThat(success.getTokens().getBearerAccessToken().getLifetime()).isEqualTo(3600);
    }

    @Test
    void nimbusObtainsTokenWithClientSecretPost() throws Exception {
        TokenRequest request = new TokenRequest(URI.create(server.url("/oauth/token")),
                new ClientSecretPost(new ClientID("app"), new Secret("app-secret")),
                new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("alice-password")), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
    }

    @Test
    void nimbusParsesOurErrors() throws Exception {
        TokenRequest request = new TokenRequest(URI.create(server.url("/oauth/token")),
                new ClientSecretBasic(new ClientID("app"), new Secret("app-secret")),
                new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("wrong")), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isFalse();
        TokenErrorResponse error = response.toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(400);
    }
}
