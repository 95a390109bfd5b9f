-- Client authentication methods, client keys, secrets sealed for client_secret_jwt, secret
-- rotation, and the replay cache of client assertion ids.

ALTER TABLE clients ADD COLUMN auth_methods VARCHAR(512) DEFAULT '' NOT NULL;
UPDATE clients SET auth_methods = 'client_secret_basic client_secret_post' WHERE secret_hash IS NOT NULL;
UPDATE clients SET auth_methods = 'none' WHERE secret_hash IS NULL;

ALTER TABLE clients ADD COLUMN jwks VARCHAR(65536);
ALTER TABLE clients ADD COLUMN jwks_uri VARCHAR(2048);
ALTER TABLE clients ADD COLUMN sealed_secret VARCHAR(4096);
ALTER TABLE clients ADD COLUMN previous_secret_hash VARCHAR(512);
ALTER TABLE clients ADD COLUMN previous_sealed_secret VARCHAR(4096);
ALTER TABLE clients ADD COLUMN previous_secret_expires_at BIGINT;

-- jti_hash is the SHA-256 of the assertion's jti, so any length of jti fits.
CREATE TABLE client_assertion_jtis (
    client_id  VARCHAR(255) NOT NULL,
    jti_hash   VARCHAR(64)  NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (client_id, jti_hash)
);
CREATE INDEX client_assertion_jtis_expiry ON client_assertion_jtis (expires_at);
