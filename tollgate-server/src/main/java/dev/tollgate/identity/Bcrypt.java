package dev.tollgate.identity;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}) imported from other systems; verified only. */
final class Bcrypt implements HashFormat {
    /** Version, a two-digit cost of 4 to 31, then 22 characters of salt and 31 of hash in bcrypt's base64. */
    private static final java.util.regex.Pattern WELL_FORMED =
            java.util.regex.Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$");
    }

    @Override
    public boolean readable(String encoded) {
        return WELL_FORMED.matcher(encoded).matches();
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
