-- Signing key rotation: a key signs from active_from on and leaves the JWKS at retire_at. The
-- jwk column now holds the private JWK sealed under the server key (compact JWE); keys stored
-- in plain JSON before are sealed by the server at its next start.

ALTER TABLE signing_keys ADD COLUMN active_from BIGINT;
UPDATE signing_keys SET active_from = created_at;
ALTER TABLE signing_keys ALTER COLUMN active_from SET NOT NULL;
ALTER TABLE signing_keys ADD COLUMN retire_at BIGINT;
