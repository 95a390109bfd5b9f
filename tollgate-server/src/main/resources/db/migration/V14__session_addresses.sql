-- The address each refresh token was issued to, so that a user's sessions can show where they
-- were last used. Tokens issued before have none.
ALTER TABLE refresh_tokens ADD COLUMN client_ip VARCHAR(64);
