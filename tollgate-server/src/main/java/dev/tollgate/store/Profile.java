package dev.tollgate.store;

/**
 * Standard OpenID Connect claims a user carries (OpenID Connect Core section 5.1); null when
 * unknown. Every directory fills the same record, so ID tokens and UserInfo read one shape.
 *
 * @param address the full mailing address, possibly over several lines: the {@code formatted}
 *     member of the {@code address} claim
 */
public record Profile(
        String email,
        boolean emailVerified,
        String name,
        String givenName,
        String familyName,
        String phoneNumber,
        boolean phoneNumberVerified,
        String address) {
    public static final Profile EMPTY = new Profile(null, false, null, null, null, null, false, null);

    public Profile(String email, boolean emailVerified, String name, String givenName, String familyName,
            String phoneNumber) {
        this(email, emailVerified, name, givenName, familyName, phoneNumber, false, null);
    }
}
