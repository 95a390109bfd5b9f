package dev.tollgate.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * scrypt (RFC 7914), computed by Bouncy Castle, in two forms; verified only:
 * <ul>
 *   <li>the PHC string {@code $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>};
 *   <li>Firebase's variant, {@code $firebase-scrypt$ln=<mem_cost>,r=<rounds>,p=1$<signer key>$<salt
 *       separator>$<salt>$<hash>}, all four base64 as Firebase's export and its project's hash
 *       parameters give them: the derived key (scrypt of the password with salt and separator)
 *       encrypts the signer key with AES-256-CTR, and the result is the hash.
 * </ul>
 */
final class Scrypt implements HashFormat {
    private static final String PHC = "$scrypt$";
    private static final String FIREBASE = "$firebase-scrypt$";
    /** 1 GiB of memory (128 * r * N bytes) at most. */
    private static final long MAX_MEMORY = 1L << 30;

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith(PHC) || encoded.startsWith(FIREBASE);
    }

    @Override
    public boolean readable(String encoded) {
        return Parsed.of(encoded) != null;
    }

    @Override
    public boolean verify(String password, String encoded) {
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        if (parsed.signerKey() == null) {
            byte[] actual = SCrypt.generate(passwordBytes, parsed.salt(), parsed.n(), parsed.r(), parsed.p(),
                    parsed.hash().length);
            return MessageDigest.isEqual(actual, parsed.hash());
        }
        byte[] key = SCrypt.generate(passwordBytes, parsed.salt(), parsed.n(), parsed.r(), parsed.p(), 64);
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, 32, "AES"), new IvParameterSpec(new byte[16]));
            return MessageDigest.isEqual(aes.doFinal(parsed.signerKey()), parsed.hash());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is missing from this Java runtime", e);
        }
    }

    /** For Firebase, {@code salt} is the user's salt followed by the separator. */
    private record Parsed(int n, int r, int p, byte[] salt, byte[] hash, byte[] signerKey) {
        static Parsed of(String encoded) {
            boolean firebase = encoded.startsWith(FIREBASE);
            String[] fields = PhcString.fields(encoded, firebase ? 6 : 4);
            if (fields == null) {
                return null;
            }
            try {
                Map<String, String> params = PhcString.params(fields[1]);
                int ln = PhcString.intParam(params, "ln");
                int r = PhcString.intParam(params, "r");
                int p = PhcString.intParam(params, "p");
                if (ln < 1 || ln > 24 || r < 1 || p < 1 || p > 64 || 128L * r * (1L << ln) > MAX_MEMORY) {
                    return null;
                }
                if (!firebase) {
                    byte[] hash = PhcString.base64(fields[3]);
                    return hash.length < 16 ? null : new Parsed(1 << ln, r, p, PhcString.base64(fields[2]), hash, null);
                }
                byte[] signer = PhcString.base64(fields[2]);
                byte[] separator = PhcString.base64(fields[3]);
                byte[] salt = PhcString.base64(fields[4]);
                byte[] hash = PhcString.base64(fields[5]);
                if (signer.length < 16 || hash.length != signer.length) {
                    return null;
                }
                byte[] saltAndSeparator = new byte[salt.length + separator.length];
                System.arraycopy(salt, 0, saltAndSeparator, 0, salt.length);
                System.arraycopy(separator, 0, saltAndSeparator, salt.length, separator.length);
                return new Parsed(1 << ln, r, p, saltAndSeparator, hash, signer);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
