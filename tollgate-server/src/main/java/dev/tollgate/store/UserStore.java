package dev.tollgate.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface UserStore {
    Optional<User> findByUsername(String username);

    Optional<User> findById(String id);

    /** Creates the user or replaces every field of the one with the same id. */
    void save(User user);

    /**
     * Replaces the password hash only while it is still {@code oldHash}, so an upgrade computed
     * from the old hash cannot overwrite a password changed meanwhile; false when it was not.
     */
    boolean replacePasswordHash(String id, String oldHash, String newHash);

    /**
     * Replaces the password hash and, in the same transaction, revokes the user's token families
     * (with the access tokens issued from them) and its other opaque access tokens: whoever held the
     * old password may hold tokens too.
     */
    void changePassword(String id, String passwordHash);

    /** The fingerprint of the configuration file's password for the user, as last applied. */
    Optional<String> filePassword(String id);

    void setFilePassword(String id, String fingerprint);

    boolean removeByUsername(String username);

    /**
     * Users whose username or email starts with {@code prefix} (case-insensitive; empty: all),
     * ordered by username key, those after {@code afterKey} (null: from the first), at most {@code limit}.
     */
    List<User> search(String prefix, String afterKey, int limit);

    /** A user as an import reads or writes it: with the fingerprint of the hash last imported (null: none). */
    record Imported(User user, String fingerprint) {}

    /** The users with these usernames (matched case-insensitively) or these ids, for an import to compare. */
    List<Imported> findForImport(Collection<String> usernames, Collection<String> ids);

    /**
     * In one transaction: creates the {@code added} users and replaces every field of the
     * {@code replaced} ones (by id, the disabled flag included), each with its fingerprint.
     */
    void importBatch(List<Imported> added, List<Imported> replaced);
}
