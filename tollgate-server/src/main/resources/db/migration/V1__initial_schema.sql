-- Times are epoch seconds; lists (grant types, scopes) are space-separated.

CREATE TABLE clients (
    id               VARCHAR(255)  NOT NULL PRIMARY KEY,
    secret_hash      VARCHAR(512),
    grant_types      VARCHAR(1024) NOT NULL,
    scopes           VARCHAR(4096) NOT NULL,
    access_token_ttl BIGINT,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);

CREATE TABLE users (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    username       VARCHAR(255)  NOT NULL,
    username_key   VARCHAR(255)  NOT NULL,
    password_hash  VARCHAR(512)  NOT NULL,
    scopes         VARCHAR(4096) NOT NULL,
    email          VARCHAR(320),
    email_verified BOOLEAN       NOT NULL,
    name           VARCHAR(255),
    given_name     VARCHAR(255),
    family_name    VARCHAR(255),
    phone_number   VARCHAR(64),
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username_key)
);

CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64)   NOT NULL PRIMARY KEY,
    family_id  VARCHAR(36)   NOT NULL,
    client_id  VARCHAR(255)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id    VARCHAR(36)   REFERENCES users (id) ON DELETE CASCADE,
    scopes     VARCHAR(4096) NOT NULL,
    issued_at  BIGINT        NOT NULL,
    expires_at BIGINT        NOT NULL
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE signing_keys (
    kid        VARCHAR(64)   NOT NULL PRIMARY KEY,
    alg        VARCHAR(16)   NOT NULL,
    jwk        VARCHAR(8192) NOT NULL,
    created_at BIGINT        NOT NULL
);
