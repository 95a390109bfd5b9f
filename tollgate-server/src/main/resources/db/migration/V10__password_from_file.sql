-- What the configuration file said a user's password was when it was last applied: the sync at
-- start writes the password again only when the file's value changed, so a rehash at login or a
-- password set since is not undone by every restart. For a password_hash it is the SHA-256 of
-- the hash, for a password an Argon2id hash of it; never the password itself.
ALTER TABLE users ADD COLUMN file_password VARCHAR(512);
