package dev.tollgate.identity;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id in libargon2, the reference C implementation, through JNA (argon2-jvm, which ships the
 * library for the common platforms; a system {@code libargon2.so} is preferred when present). A
 * password grant's cost is that hash, and the server makes about twice the logins per second with
 * it: a hash takes a little less time, and its memory is not allocated on the Java heap, where
 * Bouncy Castle's 7 MiB per hash keeps the collector busy. Only the raw hash comes from the
 * library: salt, cost and the PHC string stay ours,
 * so its hashes are byte for byte those of {@link BouncyCastleArgon2}.
 */
final class NativeArgon2 implements Argon2Engine {
    private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
    static final byte[] SELF_TEST_PASSWORD = "tollgate self-test".getBytes(StandardCharsets.UTF_8);
    static final byte[] SELF_TEST_SALT = "sixteen byte salt".getBytes(StandardCharsets.UTF_8);
    static final Argon2id.Cost SELF_TEST_COST = new Argon2id.Cost(64, 2, 2);
    /**
     * What Bouncy Castle derives for the self-test (NativeArgon2Test checks it still does), kept
     * as a constant: deriving it at every start took a third of a second of a cold JVM's CPU.
     */
    static final byte[] SELF_TEST_HASH =
            HexFormat.of().parseHex("bbfb5d3405bfb17aeb37cb27599c5dfc64243ebe94774538d04cd93ef898ccc4");

    private static volatile Optional<Argon2Engine> loaded;

    private final Argon2Advanced argon2;

    private NativeArgon2(Argon2Advanced argon2) {
        this.argon2 = argon2;
    }

    /** {@link #load()}, tried once per process. */
    static Optional<Argon2Engine> shared() {
        Optional<Argon2Engine> engine = loaded;
        if (engine == null) {
            synchronized (NativeArgon2.class) {
                engine = loaded;
                if (engine == null) {
                    engine = load();
                    loaded = engine;
                }
            }
        }
        return engine;
    }

    /**
     * The native engine if libargon2 loads and derives the test hash Bouncy Castle derives; empty
     * otherwise (no library for this platform, JNA refused, a broken build), with a log line why.
     */
    static Optional<Argon2Engine> load() {
        return load(() -> Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id));
    }

    static Optional<Argon2Engine> load(Supplier<Argon2Advanced> library) {
        try {
            NativeArgon2 engine = new NativeArgon2(library.get());
            if (!MessageDigest.isEqual(SELF_TEST_HASH, engine.derive(SELF_TEST_PASSWORD, SELF_TEST_SALT, SELF_TEST_COST,
                    SELF_TEST_HASH.length))) {
                LOG.warn("libargon2 disagrees with Bouncy Castle on a test hash; hashing passwords in Java");
                return Optional.empty();
            }
            return Optional.of(engine);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("libargon2 not available ({}); hashing passwords in Java", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public byte[] derive(byte[] password, byte[] salt, Argon2id.Cost cost, int length) {
        // argon2-jvm may wipe the password array it is given; the caller's copy stays intact
        return argon2.rawHashAdvanced(cost.iterations(), cost.memoryKib(), cost.parallelism(), password.clone(), salt,
                null, null, length, Argon2Version.V13);
    }

    @Override
    public String name() {
        return "libargon2";
    }
}
