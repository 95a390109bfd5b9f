package dev.tollgate.identity;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}) imported from other systems; verified only. */
final class Bcrypt implements HashFormat {
    @Override
    public boolean recognizes(String encoded) {
        return encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$");
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
