package dev.tollgate.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Amazon Corretto Crypto Provider is used when wanted and healthy, and silently not otherwise. */
class NativeCryptoTest {
    @Test
    void providerWhenNotWantedThenEmpty() {
        assertThat(NativeCrypto.provider(false)).isEmpty();
    }

    @Test
    void providerWhenUnloadableThenEmpty() {
        assertThat(NativeCrypto.load("com.amazon.corretto.crypto.provider.Missing")).isEmpty();
    }

    @Test
    void providerWhenWantedOnThisPlatformThenCorretto() {
        assertThat(NativeCrypto.provider(true)).get()
                .extracting(java.security.Provider::getName).isEqualTo("AmazonCorrettoCryptoProvider");
    }
}
