package dev.tollgate.identity;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}) imported from other systems; verified only. */
final class Bcrypt implements HashFormat {
    /** {@code $2x$NN$}, then 22 characters of salt and 31 of hash in bcrypt's base64. */
    private static final int LENGTH = 7 + 53;

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$");
    }

    @Override
    /**
     * Version, a two-digit cost of 4 to 31, then salt and hash in bcrypt's base64. Checked by hand
     * rather than by a regular expression: an import checks a million of these.
     */
    public boolean readable(String encoded) {
        if (encoded.length() != LENGTH || !recognizes(encoded) || encoded.charAt(6) != '$') {
            return false;
        }
        char tens = encoded.charAt(4);
        char ones = encoded.charAt(5);
        if (tens < '0' || tens > '3' || ones < '0' || ones > '9') {
            return false;
        }
        int cost = (tens - '0') * 10 + (ones - '0');
        if (cost < 4 || cost > 31) {
            return false;
        }
        for (int i = 7; i < LENGTH; i++) {
            char c = encoded.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean verify(String password, String encoded) {
        try {
            return OpenBSDBCrypt.checkPassword(encoded, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
