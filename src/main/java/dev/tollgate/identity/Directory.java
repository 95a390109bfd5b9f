package dev.tollgate.identity;

/** Where users and their passwords live (the database; LDAP later). */
public interface Directory {
    /**
     * Checks a username and password. An unknown username and a wrong password cost the same time;
     * only the result's reason (for the audit log) tells them apart.
     */
    Authentication authenticate(String username, String password);
}
