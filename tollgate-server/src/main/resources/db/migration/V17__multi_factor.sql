-- Multi-factor authentication. A user's TOTP authenticators (the secret sealed under the server
-- key, like signing keys), active once a first code was accepted; the last time step accepted,
-- so a code is never taken twice. Users are named by id and directory, like the token tables.
CREATE TABLE mfa_authenticators (
    id             VARCHAR(64)    NOT NULL PRIMARY KEY,
    user_id        VARCHAR(255)   NOT NULL,
    directory      VARCHAR(255)   NOT NULL,
    sealed_secret  VARCHAR(2000)  NOT NULL,
    active         BOOLEAN        NOT NULL,
    created_at     BIGINT         NOT NULL,
    last_step      BIGINT         NOT NULL
);
CREATE INDEX idx_mfa_authenticators_user ON mfa_authenticators (user_id, directory);

-- A user's one recovery code, as its SHA-256; replaced each time it is used.
CREATE TABLE mfa_recovery_codes (
    user_id     VARCHAR(255)  NOT NULL,
    directory   VARCHAR(255)  NOT NULL,
    code_hash   VARCHAR(64)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (user_id, directory)
);

-- The mfa_tokens of logins whose password was right and that wait for a second factor, as their
-- SHA-256, with what the login asked for so that the second step issues the same tokens.
CREATE TABLE mfa_tokens (
    token_hash      VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id       VARCHAR(255)   NOT NULL,
    user_id         VARCHAR(255)   NOT NULL,
    directory       VARCHAR(255)   NOT NULL,
    username        VARCHAR(255)   NOT NULL,
    scopes          VARCHAR(4000)  NOT NULL,
    audience        VARCHAR(2000),
    failures        INT            NOT NULL,
    created_at      BIGINT         NOT NULL,
    expires_at      BIGINT         NOT NULL
);
CREATE INDEX idx_mfa_tokens_expires ON mfa_tokens (expires_at);

-- Per client: a stricter MFA policy than the server's (null: the server's).
ALTER TABLE clients ADD COLUMN mfa VARCHAR(16);
