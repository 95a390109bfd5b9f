package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An unknown username and a wrong password cannot be told apart: same bytes, same hashing work. */
class UserEnumerationTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.APP_AND_ALICE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    TestServer.Response login(String username, String password) {
        return server.passwordGrant(username, password);
    }

    @Test
    void unknownUserAndWrongPasswordGiveByteIdenticalResponses() {
        login("alice", "alice-password"); // warm the client secret check
        TestServer.Response wrongPassword = login("alice", "wrong");
        TestServer.Response unknownUser = login("mallory", "wrong");
        assertThat(wrongPassword.status()).isEqualTo(400);
        assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
        assertThat(headersWithoutDate(unknownUser)).isEqualTo(headersWithoutDate(wrongPassword));
    }

    @Test
    void unknownUserCostsOnePasswordHashLikeAWrongPassword() {
        login("alice", "alice-password");
        long before = server.services().hashing().pool().runs();
        login("alice", "wrong");
        long afterWrongPassword = server.services().hashing().pool().runs();
        login("mallory", "wrong");
        long afterUnknownUser = server.services().hashing().pool().runs();
        assertThat(afterWrongPassword - before).isEqualTo(1);
        assertThat(afterUnknownUser - afterWrongPassword).isEqualTo(1);
    }

    static Map<String, java.util.List<String>> headersWithoutDate(TestServer.Response response) {
        Map<String, java.util.List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}
