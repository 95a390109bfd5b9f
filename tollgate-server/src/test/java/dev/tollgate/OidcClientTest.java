package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standard OpenID Connect client library (the Nimbus SDK's OIDC classes) discovers Tollgate,
 * runs the password grant with openid, validates the ID token against the JWKS and calls UserInfo.
 */
class OidcClientTest {
    static final ClientID CLIENT = new ClientID("app");
    static TestServer server;
    static OIDCProviderMetadata provider;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("""
                [[clients]]
                id = "app"
                secret = "app-secret"
                scopes = ["read", "openid", "profile", "email"]

                [[users]]
                username = "alice"
                password = "alice-password"
                scopes = ["read"]
                email = "alice@example.com"
                email_verified = true
                name = "Alice Example"
                given_name = "Alice"
                family_name = "Example"
                """);
        provider = OIDCProviderMetadata.resolve(new Issuer(server.tollgate.issuer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OIDCTokens passwordGrant(Scope scope) throws Exception {
        TokenRequest request = new TokenRequest(provider.getTokenEndpointURI(),
                new ClientSecretBasic(CLIENT, new Secret("app-secret")),
                new ResourceOwnerPasswordCredentialsGrant("alice", new Secret("alice-password")), scope);
        TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    static IDTokenClaimsSet validate(OIDCTokens tokens) throws Exception {
        IDTokenValidator validator = new IDTokenValidator(provider.getIssuer(), CLIENT, JWSAlgorithm.RS256,
                provider.getJWKSetURI().toURL());
        return validator.validate(tokens.getIDToken(), null);
    }

    static com.nimbusds.oauth2.sdk.http.HTTPResponse userInfo(HTTPRequest.Method method, BearerAccessToken token)
            throws Exception {
        return new UserInfoRequest(provider.getUserInfoEndpointURI(), method, token).toHTTPRequest().send();
    }

    @Test
    void discoveryResolvesEveryEndpointTheClientNeeds() {
        assertThat(provider.getIssuer().getValue()).isEqualTo(server.tollgate.issuer());
        assertThat(provider.getTokenEndpointURI()).hasToString(server.tollgate.issuer() + "/oauth/token");
        assertThat(provider.getUserInfoEndpointURI()).hasToString(server.tollgate.issuer() + "/userinfo");
        assertThat(provider.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
        assertThat(provider.getScopes().contains("openid")).isTrue();
        assertThat(provider.getRevocationEndpointURI()).isNotNull();
        assertThat(provider.getIntrospectionEndpointURI()).isNotNull();
    }

    @Test
    void passwordGrantWithOpenIdThenValidIdTokenAndUserInfo() throws Exception {
        OIDCTokens tokens = passwordGrant(new Scope("openid", "profile", "email"));
        IDTokenClaimsSet id = validate(tokens);
        assertThat(id.getAudience()).extracting(Object::toString).containsExactly("app");
        assertThat(id.getAuthenticationTime()).isNotNull();
        assertThat(id.getStringClaim("name")).isEqualTo("Alice Example");

        for (HTTPRequest.Method method : new HTTPRequest.Method[] {HTTPRequest.Method.GET, HTTPRequest.Method.POST}) {
            UserInfoResponse response = UserInfoResponse.parse(userInfo(method, tokens.getBearerAccessToken()));
            assertThat(response.indicatesSuccess()).as(method + " " + response).isTrue();
            UserInfo info = response.toSuccessResponse().getUserInfo();
            assertThat(info.getSubject()).isEqualTo(id.getSubject());
            assertThat(info.getName()).isEqualTo("Alice Example");
            assertThat(info.getGivenName()).isEqualTo("Alice");
            assertThat(info.getEmailAddress()).isEqualTo("alice@example.com");
            assertThat(info.getEmailVerified()).isTrue();
        }
    }

    @Test
    void refreshGrantBringsAFreshValidIdToken() throws Exception {
        OIDCTokens first = passwordGrant(new Scope("openid", "read"));
        TokenRequest request = new TokenRequest.Builder(provider.getTokenEndpointURI(),
                new ClientSecretBasic(CLIENT, new Secret("app-secret")), new RefreshTokenGrant(first.getRefreshToken()))
                .build();
        TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
        OIDCTokens renewed = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        IDTokenClaimsSet id = validate(renewed);
        assertThat(id.getSubject()).isEqualTo(validate(first).getSubject());
        assertThat(id.getAuthenticationTime()).isEqualTo(validate(first).getAuthenticationTime());
    }

    @Test
    void userInfoErrorsParseAsBearerTokenErrors() throws Exception {
        BearerAccessToken withoutOpenId = passwordGrant(new Scope("read")).getBearerAccessToken();
        UserInfoErrorResponse insufficient = UserInfoResponse.parse(userInfo(HTTPRequest.Method.GET, withoutOpenId))
                .toErrorResponse();
        assertThat(insufficient.getErrorObject().getCode()).isEqualTo(BearerTokenError.INSUFFICIENT_SCOPE.getCode());
        assertThat(insufficient.getErrorObject().getHTTPStatusCode()).isEqualTo(403);
        assertThat(((BearerTokenError) insufficient.getErrorObject()).getScope()).isEqualTo(new Scope("openid"));
        assertThat(((BearerTokenError) insufficient.getErrorObject()).getRealm()).isEqualTo("tollgate");

        UserInfoErrorResponse invalid = UserInfoResponse.parse(
                userInfo(HTTPRequest.Method.GET, new BearerAccessToken("not-a-token"))).toErrorResponse();
        assertThat(invalid.getErrorObject().getCode()).isEqualTo(BearerTokenError.INVALID_TOKEN.getCode());
        assertThat(invalid.getErrorObject().getHTTPStatusCode()).isEqualTo(401);
    }
}
