package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Clients;
import dev.tollgate.admin.Page;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.identity.Identity;
import dev.tollgate.store.Api;
import dev.tollgate.store.Profile;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin operations that the CLI, the configuration file and the admin API share, on a real
 * server and database: what they create works at the token endpoint, and what they refuse they
 * refuse with a typed error naming the field, changing nothing.
 */
class AdminOperationsTest {
    static TestServer server;
    static Admin admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.APP_AND_ALICE);
        admin = server.services().admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientSpec client(String id, List<String> grants, List<String> methods) {
        return new ClientSpec(id, null, true, grants, List.of("read"), null, null, methods, null, null);
    }

    @Test
    void registeredClientGetsItsSecretOnceAndItWorks() {
        Clients.Registered registered = admin.clients().register(client("registered", null, null));
        assertThat(registered.secret()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(registered.client().secretHash()).doesNotContain(registered.secret());
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("registered", registered.secret())).status()).isEqualTo(200);

        Clients.Registered rotated = admin.clients().rotateSecret("registered", 0);
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("registered", registered.secret())).status()).isEqualTo(401);
        assertThat(server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", TestServer.basic("registered", rotated.secret())).status()).isEqualTo(200);
    }

    @Test
    void invalidClientIsRefusedWithTheFieldAndNothingIsStored() {
        assertThatThrownBy(() -> admin.clients().register(client("bad-grant", List.of("implicit"), null)))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> {
                    assertThat(e.field()).isEqualTo("grant_types");
                    assertThat(e.reason()).contains("implicit");
                });
        assertThatThrownBy(() -> admin.clients().register(client("bad-method", null, List.of("private_key_jwt"))))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.field()).isEqualTo("auth_methods"));
        assertThatThrownBy(() -> admin.clients().register(new ClientSpec("public-cc", null, false,
                List.of("client_credentials"), List.of(), null, null, null, null, null)))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.reason()).contains("public"));
        assertThat(admin.clients().find("bad-grant")).isEmpty();
        assertThat(admin.clients().find("bad-method")).isEmpty();
        assertThat(admin.clients().find("public-cc")).isEmpty();
    }

    @Test
    void existingAndMissingThingsGiveConflictAndNotFound() {
        assertThatThrownBy(() -> admin.clients().register(client("app", null, null)))
                .isInstanceOf(AdminException.Conflict.class).hasMessageContaining("'app'");
        assertThatThrownBy(() -> admin.clients().remove("nobody")).isInstanceOf(AdminException.NotFound.class);
        assertThatThrownBy(() -> admin.users().add(new UserSpec("ALICE", List.of(), null), "x"))
                .as("usernames match case-insensitively").isInstanceOf(AdminException.Conflict.class);
        assertThatThrownBy(() -> admin.users().setPassword("nobody", "x")).isInstanceOf(AdminException.NotFound.class);
        assertThatThrownBy(() -> admin.apis().remove("urn:none")).isInstanceOf(AdminException.NotFound.class);
        assertThatThrownBy(() -> admin.apis().add(new Api("urn:bad", Set.of(), "paseto", null, null, null)))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.field()).isEqualTo("token_format"));
        assertThatThrownBy(() -> admin.keys().rotate(List.of("HS256"), 0, null))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.field()).isEqualTo("alg"));
    }

    @Test
    void userWithAnUnsupportedHashIsRefused() {
        assertThatThrownBy(() -> admin.users().addWithHash(new UserSpec("md5-user", List.of(), null),
                "5f4dcc3b5aa765d61d8327deb882cf99"))
                .isInstanceOfSatisfying(AdminException.Invalid.class, e -> assertThat(e.field()).isEqualTo("password_hash"));
        assertThat(admin.users().find("md5-user")).isEmpty();
    }

    @Test
    void usersAreSearchedByUsernameOrEmailPrefixAndPaged() {
        for (String name : List.of("page-a", "page-b", "page-c")) {
            admin.users().add(new UserSpec(name, List.of(), new Profile(name + "@paged.example", false, null, null,
                    null, null)), name + "-password");
        }
        admin.users().add(new UserSpec("other", List.of(), new Profile("page-mail@x.example", false, null, null,
                null, null)), "other-password");

        Page<Identity> first = admin.users().list("PAGE", null, 2);
        assertThat(first.items()).extracting(Identity::username).containsExactly("other", "page-a");
        Page<Identity> second = admin.users().list("page", first.next(), 2);
        assertThat(second.items()).extracting(Identity::username).containsExactly("page-b", "page-c");
        assertThat(second.next()).as("the last page").isNull();
        assertThat(admin.users().list("page%", null, 10).items()).as("% is no wildcard").isEmpty();
        assertThat(admin.users().list("page_", null, 10).items()).as("_ is no wildcard").isEmpty();
        assertThat(first.items().get(1).directory()).isEqualTo("database");
        assertThatThrownBy(() -> admin.users().list(null, null, 0)).isInstanceOf(AdminException.Invalid.class);
    }
}
