package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import de.mkammerer.argon2.Argon2Advanced;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** libargon2 is taken only when it loads and computes what Bouncy Castle computes. */
class NativeArgon2Test {
    @Test
    void loadWhenLibraryMissingThenEmpty() {
        assertThat(NativeArgon2.load(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'argon2'");
        })).isEmpty();
    }

    @Test
    void loadWhenLibraryComputesOtherBytesThenEmpty() {
        Argon2Advanced broken = (Argon2Advanced) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Argon2Advanced.class}, (proxy, method, args) -> new byte[32]);
        assertThat(NativeArgon2.load(() -> broken)).isEmpty();
    }

    @Test
    void selfTestHashIsWhatBouncyCastleDerives() {
        assertThat(new BouncyCastleArgon2().derive(NativeArgon2.SELF_TEST_PASSWORD, NativeArgon2.SELF_TEST_SALT,
                NativeArgon2.SELF_TEST_COST, 32)).isEqualTo(NativeArgon2.SELF_TEST_HASH);
    }

    @Test
    void loadWhenLibraryPresentThenAgreesWithBouncyCastle() {
        Argon2Engine engine = NativeArgon2.load().orElseThrow(
                () -> new AssertionError("libargon2 should load on this platform (argon2-jvm ships it)"));
        byte[] password = "p".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[16];
        Argon2id.Cost cost = new Argon2id.Cost(256, 3, 1);
        assertThat(engine.derive(password, salt, cost, 24))
                .isEqualTo(new BouncyCastleArgon2().derive(password, salt, cost, 24));
        assertThat(password).as("the caller's password bytes are left alone").containsExactly('p');
    }
}
