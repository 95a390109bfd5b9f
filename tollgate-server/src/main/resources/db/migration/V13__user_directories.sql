-- Users of LDAP and Active Directory directories. Their passwords stay in the directory; a row is
-- kept per user who logged in, so that tokens, lockouts, revocation and the audit log treat them
-- as database users, and so that a refresh need not ask the directory more than once per
-- tokens.directory_recheck_seconds (checked_at). Each client may name the directories its users
-- come from, in order (space-separated; null: the default directory).

ALTER TABLE clients ADD COLUMN directories VARCHAR(1024);

CREATE TABLE directory_users (
    directory             VARCHAR(64)   NOT NULL,
    id                    VARCHAR(255)  NOT NULL,
    username              VARCHAR(255)  NOT NULL,
    scopes                VARCHAR(4096) NOT NULL,
    email                 VARCHAR(320),
    email_verified        BOOLEAN       NOT NULL,
    name                  VARCHAR(255),
    given_name            VARCHAR(255),
    family_name           VARCHAR(255),
    phone_number          VARCHAR(64),
    phone_number_verified BOOLEAN       NOT NULL,
    address               VARCHAR(1024),
    last_login            BIGINT        NOT NULL,
    checked_at            BIGINT        NOT NULL,
    updated_at            BIGINT        NOT NULL,
    PRIMARY KEY (directory, id)
);
