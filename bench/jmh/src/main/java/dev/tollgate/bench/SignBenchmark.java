package dev.tollgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.keys.NativeCrypto;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying an access token's JWS, as the server's key set does it: with the JDK's
 * providers, or with Corretto Crypto Provider holding its own key objects (EdDSA is Tink's either way).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SignBenchmark {
    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public String provider;

    private JWSSigner signer;
    private JWSVerifier verifier;
    private JWSHeader header;
    private JWTClaimsSet claims;
    private SignedJWT signed;

    @Setup
    public void setUp() throws Exception {
        Provider p = provider.equals("ACCP")
                ? NativeCrypto.provider(true).orElseThrow(() -> new IllegalStateException("no ACCP here"))
                : null;
        switch (alg) {
            case "RS256" -> {
                RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
                signer = new RSASSASigner(p == null ? key.toPrivateKey()
                        : (PrivateKey) KeyFactory.getInstance("RSA", p).translateKey(key.toPrivateKey()));
                verifier = new RSASSAVerifier(p == null ? key.toRSAPublicKey()
                        : (RSAPublicKey) KeyFactory.getInstance("RSA", p).translateKey(key.toPublicKey()));
            }
            case "ES256" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
                signer = new ECDSASigner(p == null ? key.toECPrivateKey()
                        : (ECPrivateKey) KeyFactory.getInstance("EC", p).translateKey(key.toPrivateKey()), Curve.P_256);
                verifier = new ECDSAVerifier(p == null ? key.toECPublicKey()
                        : (ECPublicKey) KeyFactory.getInstance("EC", p).translateKey(key.toPublicKey()));
            }
            default -> {
                OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).keyID("k").generate();
                signer = new Ed25519Signer(key);
                verifier = new Ed25519Verifier(key.toPublicJWK());
            }
        }
        if (p != null) {
            signer.getJCAContext().setProvider(p);
            verifier.getJCAContext().setProvider(p);
        }
        header = new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID("k").build();
        claims = new JWTClaimsSet.Builder().issuer("https://login.example.com").subject("3f1c6f0e-user")
                .audience("https://api.example.com").expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                .issueTime(new Date()).jwtID("b6a1c0de-jti").claim("client_id", "app").claim("scope", "read write")
                .build();
        signed = new SignedJWT(header, claims);
        signed.sign(signer);
    }

    @Benchmark
    public String sign() throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public boolean verify() throws JOSEException {
        return signed.verify(verifier);
    }
}
