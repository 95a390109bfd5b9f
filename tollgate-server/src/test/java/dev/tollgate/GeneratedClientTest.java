package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.adminclient.ApiClient;
import dev.tollgate.adminclient.ApiException;
import dev.tollgate.adminclient.ApiResponse;
import dev.tollgate.adminclient.api.ClientsApi;
import dev.tollgate.adminclient.api.UsersApi;
import dev.tollgate.adminclient.model.Client;
import dev.tollgate.adminclient.model.ClientPatch;
import dev.tollgate.adminclient.model.CreatedClient;
import dev.tollgate.adminclient.model.NewClient;
import dev.tollgate.adminclient.model.NewUser;
import dev.tollgate.adminclient.model.User;
import dev.tollgate.adminclient.model.UserPage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from the admin API's OpenAPI document at build time (openapi-generator,
 * {@code native} library), used as an operator's automation would use it against a real server.
 */
class GeneratedClientTest {
    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(AdminApi.CLIENT + TestServer.APP_AND_ALICE);
        // a token the usual way: client_credentials for the admin scope
        TestServer.Response token = server.form("/oauth/token", "grant_type=client_credentials&scope=tollgate:admin",
                "Authorization", TestServer.basic("ops", "ops-secret"));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        String accessToken = token.json().get("access_token").asText();
        api = new ApiClient();
        api.updateBaseUri(server.url(AdminApi.BASE));
        api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientIsCreatedReadAndChangedThroughTheGeneratedClient() throws Exception {
        ClientsApi clients = new ClientsApi(api);
        ApiResponse<CreatedClient> created = clients.createClientWithHttpInfo(new NewClient()
                .id("generated-shop").grantTypes(List.of("client_credentials")).scopes(List.of("read", "write")));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getHeaders().get("location")).containsExactly(AdminApi.BASE + "/clients/generated-shop");
        String secret = created.getData().getClientSecret();
        assertThat(secret).isNotBlank();
        assertThat(server.form("/oauth/token", "grant_type=client_credentials&scope=read",
                "Authorization", TestServer.basic("generated-shop", secret)).status()).isEqualTo(200);

        ApiResponse<Client> read = clients.getClientWithHttpInfo("generated-shop");
        assertThat(read.getData().getId()).isEqualTo("generated-shop");
        assertThat(read.getData().getGrantTypes()).containsExactly("client_credentials");
        assertThat(read.getData().getScopes()).containsExactly("read", "write");
        assertThat(read.getData().getPublic()).isFalse();

        String etag = read.getHeaders().get("etag").get(0);
        Client patched = clients.updateClient("generated-shop", new ClientPatch().scopes(List.of("read")), etag);
        assertThat(patched.getScopes()).containsExactly("read");
        assertThat(patched.getGrantTypes()).containsExactly("client_credentials");
        ApiException stale = catchThrowableOfType(ApiException.class,
                () -> clients.updateClient("generated-shop", new ClientPatch().scopes(List.of()), etag));
        assertThat(stale.getCode()).isEqualTo(412);
        assertThat(clients.getClient("generated-shop").getScopes()).containsExactly("read");
    }

    @Test
    void aUserIsCreatedAndFoundThroughTheGeneratedClient() throws Exception {
        UsersApi users = new UsersApi(api);
        User created = users.createUser(new NewUser().username("generated-bob").password("bob-password-1")
                .email("bob@example.com").name("Bob").scopes(List.of("read")));
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getDirectory()).isNotBlank();
        assertThat(server.passwordGrant("generated-bob", "bob-password-1").status()).isEqualTo(200);

        User read = users.getUser(created.getId());
        assertThat(read.getUsername()).isEqualTo("generated-bob");
        assertThat(read.getEmail()).isEqualTo("bob@example.com");
        assertThat(read.getName()).isEqualTo("Bob");
        assertThat(read.getScopes()).containsExactly("read");

        UserPage found = users.listUsers("generated-", null, null, 10);
        assertThat(found.getItems()).extracting(User::getId).containsExactly(created.getId());
        assertThat(found.getNext()).isNull();

        ApiException duplicate = catchThrowableOfType(ApiException.class,
                () -> users.createUser(new NewUser().username("generated-bob").password("another-password")));
        assertThat(duplicate.getCode()).isEqualTo(409);
        assertThat(duplicate.getResponseBody()).contains("urn:tollgate:problem:conflict");
    }
}
