package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.server.Stores;
import java.time.Instant;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping deletes expired tokens, families, revoked JWT ids and assertion ids, many more than
 * one delete statement takes, and nothing that is still in use.
 */
class PurgeTest {
    static final int EXPIRED = 2_500;
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
    void expiredRowsGoInBatchesAndLiveTokensStay() {
        JsonNode live = server.login("alice", "alice-password", "");
        long now = Instant.now().getEpochSecond();
        long past = now - 3600;
        server.services().stores().database().jdbi().useHandle(h -> {
            PreparedBatch families = h.prepareBatch("INSERT INTO token_families (id, client_id, user_id, "
                    + "user_directory, audience, scopes, created_at, expires_at) VALUES (:id, 'app', NULL, NULL, "
                    + "'', 'read', :past, :past)");
            PreparedBatch tokens = h.prepareBatch("INSERT INTO refresh_tokens (token_hash, family_id, client_id, "
                    + "user_id, scopes, issued_at, expires_at) VALUES (:hash, :family, 'app', NULL, 'read', :past, :past)");
            PreparedBatch jtis = h.prepareBatch("INSERT INTO revoked_jwt_ids (jti, expires_at) VALUES (:jti, :past)");
            PreparedBatch assertions = h.prepareBatch("INSERT INTO client_assertion_jtis (client_id, jti_hash, "
                    + "expires_at) VALUES ('app', :jti, :past)");
            for (int i = 0; i < EXPIRED; i++) {
                String family = String.format("00000000-0000-0000-0000-%012d", i);
                families.bind("id", family).bind("past", past).add();
                tokens.bind("hash", String.format("%064d", i)).bind("family", family).bind("past", past).add();
                jtis.bind("jti", "expired-" + i).bind("past", past).add();
                assertions.bind("jti", String.format("%064d", i)).bind("past", past).add();
            }
            families.execute();
            tokens.execute();
            jtis.execute();
            assertions.execute();
        });
        long familiesBefore = server.count("token_families");
        assertThat(familiesBefore).isEqualTo(EXPIRED + 1);

        Stores stores = server.services().stores();
        assertThat(stores.refreshTokens().purgeExpired(now)).isEqualTo(2 * EXPIRED);
        assertThat(stores.accessTokens().purgeExpired(now)).isEqualTo(EXPIRED);
        assertThat(stores.assertionJtis().purgeExpired(now)).isEqualTo(EXPIRED);
        assertThat(server.count("token_families")).isEqualTo(1);
        assertThat(server.count("refresh_tokens")).isEqualTo(1);
        assertThat(server.count("revoked_jwt_ids")).isZero();
        assertThat(server.count("client_assertion_jtis")).isZero();

        // the one live session is untouched: its refresh token still rotates
        TestServer.Response refreshed = server.form("/oauth/token", "grant_type=refresh_token&refresh_token="
                + live.get("refresh_token").asText(), "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(stores.refreshTokens().purgeExpired(now)).isZero();
    }
}
