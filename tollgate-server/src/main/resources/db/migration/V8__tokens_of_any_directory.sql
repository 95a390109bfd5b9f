-- Tokens may belong to users of any directory (the database, LDAP), so the token tables no longer
-- point at users(id): they record the user's id and the name of its directory. Dropping a column
-- drops its foreign key on H2 and PostgreSQL alike, whatever name the key was given; the ids are
-- carried over through a new column. Removing a database user deletes its tokens explicitly.

ALTER TABLE token_families ADD COLUMN owner_id VARCHAR(255);
UPDATE token_families SET owner_id = user_id;
ALTER TABLE token_families DROP COLUMN user_id;
ALTER TABLE token_families RENAME COLUMN owner_id TO user_id;
ALTER TABLE token_families ADD COLUMN user_directory VARCHAR(64);
UPDATE token_families SET user_directory = 'database' WHERE user_id IS NOT NULL;
CREATE INDEX token_families_user ON token_families (user_id);

ALTER TABLE refresh_tokens ADD COLUMN owner_id VARCHAR(255);
UPDATE refresh_tokens SET owner_id = user_id;
ALTER TABLE refresh_tokens DROP COLUMN user_id;
ALTER TABLE refresh_tokens RENAME COLUMN owner_id TO user_id;

ALTER TABLE access_tokens ADD COLUMN owner_id VARCHAR(255);
UPDATE access_tokens SET owner_id = user_id;
ALTER TABLE access_tokens DROP COLUMN user_id;
ALTER TABLE access_tokens RENAME COLUMN owner_id TO user_id;
ALTER TABLE access_tokens ADD COLUMN user_directory VARCHAR(64);
UPDATE access_tokens SET user_directory = 'database' WHERE user_id IS NOT NULL;
CREATE INDEX access_tokens_user ON access_tokens (user_id);
