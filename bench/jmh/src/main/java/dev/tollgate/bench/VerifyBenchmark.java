package dev.tollgate.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.resource.TokenVerifier;
import dev.tollgate.resource.VerifiedToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tollgate-resource's {@code TokenVerifier} on an RS256 access token, the key already in its JWKS
 * cache: the whole check a protected request pays (parse, typ, signature, iss, exp, claims). One
 * thread, so the figure is per core. The issuer is a loopback HTTP server serving the metadata and
 * JWKS once; it is not on the measured path. {@code verifyRs256} checks the signature every time
 * (the verified-JWT cache off); {@code verifySeenBefore} is the same token again with the cache on,
 * as a service meets a token it has checked before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class VerifyBenchmark {
    /** JDK: the library as any service gets it; ACCP: with Corretto Crypto Provider, as the gateway runs it. */
    @Param({"JDK", "ACCP"})
    public String provider;

    private HttpServer issuer;
    private TokenVerifier verifier;
    private TokenVerifier caching;
    private String token;

    @Setup
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + issuer.getAddress().getPort();
        issuer.createContext("/.well-known/oauth-authorization-server", exchange -> send(exchange,
                "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\"}"));
        issuer.createContext("/jwks", exchange -> send(exchange, new JWKSet(key).toPublicJWKSet().toString()));
        issuer.start();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench")
                .type(new JOSEObjectType("at+jwt")).build(),
                new JWTClaimsSet.Builder().issuer(url).subject("user-1").audience("https://api.example.com/orders")
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).jwtID("j")
                        .claim("client_id", "app").claim("scope", "orders:read").build());
        jwt.sign(new RSASSASigner(key));
        token = jwt.serialize();
        java.security.Provider jca = provider.equals("ACCP") ? NativeCrypto.provider(true).orElseThrow() : null;
        verifier = TokenVerifier.forIssuer(url).jcaProvider(jca).verifiedJwtCache(0, java.time.Duration.ZERO).build();
        verifier.loadKeys();
        caching = TokenVerifier.forIssuer(url).jcaProvider(jca).build();
        caching.loadKeys();
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @TearDown
    public void tearDown() {
        issuer.stop(0);
    }

    @Benchmark
    public VerifiedToken verifyRs256() throws Exception {
        return verifier.verify(token);
    }

    @Benchmark
    public VerifiedToken verifySeenBefore() throws Exception {
        return caching.verify(token);
    }
}
