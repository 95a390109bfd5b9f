package dev.tollgate.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * RFC 6238 time-based one-time passwords as every authenticator app makes them: HMAC-SHA-1, six
 * digits, 30-second steps, a code of the step before or after also taken (a phone's clock is
 * rarely exact). The codes come from java-otp; this class adds the secrets, their Base32 form
 * and the {@code otpauth://} URI that apps read from a QR code.
 */
public final class Totp {
    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS,
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    /** A new secret, Base32 without padding (160 bits, RFC 4226's recommended length). */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base32.toBase32String(bytes).replace("=", "");
    }

    /**
     * The time step of {@code now} - 1, {@code now} or {@code now} + 1 whose code {@code code} is, or
     * empty. Every candidate is computed and compared in constant time, so the answer's timing
     * does not tell which step matched.
     */
    public OptionalLong match(String base32Secret, String code, Instant now) {
        if (code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        SecretKeySpec key = new SecretKeySpec(decode(base32Secret), "HmacSHA1");
        long current = now.getEpochSecond() / STEP.toSeconds();
        long matched = -1;
        for (long step = current - 1; step <= current + 1; step++) {
            String expected = code(key, step);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII)) && matched < 0) {
                matched = step;
            }
        }
        return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    private String code(SecretKeySpec key, long step) {
        try {
            return generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()),
                    Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-1 refused the key", e);
        }
    }

    /**
     * The Key URI Format of Google Authenticator, which every authenticator app reads: the label
     * is {@code issuer:account}, and the issuer is repeated as a parameter.
     */
    public static String uri(String issuer, String account, String base32Secret) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32Secret
                + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] decode(String base32) {
        String padded = base32.toUpperCase(Locale.ROOT);
        while (padded.length() % 8 != 0) {
            padded += "=";
        }
        return Base32.decode(padded);
    }
}
