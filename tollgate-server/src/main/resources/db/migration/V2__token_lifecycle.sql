-- Refresh token families (one per login), rotation, revoked JWT ids, opaque access tokens and APIs.

CREATE TABLE token_families (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    client_id  VARCHAR(255)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id    VARCHAR(36)   REFERENCES users (id) ON DELETE CASCADE,
    audience   VARCHAR(1024),
    scopes     VARCHAR(4096) NOT NULL,
    created_at BIGINT        NOT NULL,
    expires_at BIGINT        NOT NULL,
    revoked_at BIGINT
);

-- Refresh tokens issued before families existed each start a family of their own.
INSERT INTO token_families (id, client_id, user_id, audience, scopes, created_at, expires_at, revoked_at)
SELECT family_id, MIN(client_id), MIN(user_id), NULL, MIN(scopes), MIN(issued_at), MAX(expires_at), NULL
FROM refresh_tokens GROUP BY family_id;

ALTER TABLE refresh_tokens ADD COLUMN rotated_at BIGINT;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_family_fk
    FOREIGN KEY (family_id) REFERENCES token_families (id) ON DELETE CASCADE;
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);
CREATE INDEX token_families_expiry ON token_families (expires_at);

ALTER TABLE clients ADD COLUMN refresh_token_policy VARCHAR(32) DEFAULT 'always' NOT NULL;

CREATE TABLE revoked_jwt_ids (
    jti        VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX revoked_jwt_ids_expiry ON revoked_jwt_ids (expires_at);

CREATE TABLE access_tokens (
    token_hash VARCHAR(64)   NOT NULL PRIMARY KEY,
    family_id  VARCHAR(36)   REFERENCES token_families (id) ON DELETE CASCADE,
    client_id  VARCHAR(255)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    subject    VARCHAR(255)  NOT NULL,
    user_id    VARCHAR(36)   REFERENCES users (id) ON DELETE CASCADE,
    username   VARCHAR(255),
    scopes     VARCHAR(4096) NOT NULL,
    audience   VARCHAR(1024) NOT NULL,
    jti        VARCHAR(64)   NOT NULL,
    issued_at  BIGINT        NOT NULL,
    expires_at BIGINT        NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);

CREATE TABLE apis (
    identifier       VARCHAR(1024) NOT NULL PRIMARY KEY,
    scopes           VARCHAR(4096) NOT NULL,
    token_format     VARCHAR(16)   NOT NULL,
    access_token_ttl BIGINT,
    signing_alg      VARCHAR(16)   NOT NULL,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);
