package dev.tollgate.keys;

import java.security.Provider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Corretto Crypto Provider (AWS-LC through JNI) for the RSA and ECDSA signatures of our
 * tokens: it signs RS256 in about 60% of the JDK's time here and verifies in half. It is used
 * only when it loads and passes its own self-tests, and only by our token signers and verifiers,
 * never installed for the whole JVM: everything else keeps the JDK's providers. When it cannot
 * load (another platform, a missing glibc feature), the JDK's providers sign as before.
 */
public final class NativeCrypto {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);
    private static final String CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static volatile Optional<Provider> loaded;

    private NativeCrypto() {}

    /** The provider if it is wanted, loads and is healthy; tried once per process. */
    public static Optional<Provider> provider(boolean wanted) {
        if (!wanted) {
            return Optional.empty();
        }
        Optional<Provider> provider = loaded;
        if (provider == null) {
            synchronized (NativeCrypto.class) {
                provider = loaded;
                if (provider == null) {
                    provider = load(CLASS);
                    loaded = provider;
                }
            }
        }
        return provider;
    }

    static Optional<Provider> load(String className) {
        try {
            Provider provider = (Provider) Class.forName(className).getField("INSTANCE").get(null);
            // throws unless the native library loaded and every self-test passed
            provider.getClass().getMethod("assertHealthy").invoke(provider);
            return Optional.of(provider);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            LOG.info("Amazon Corretto Crypto Provider not available ({}); signing with the JDK's providers",
                    String.valueOf(cause));
            return Optional.empty();
        }
    }
}
