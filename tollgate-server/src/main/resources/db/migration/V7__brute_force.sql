-- Failed password logins per submitted username, whether or not such a user exists, so that a
-- lockout says nothing about which usernames are real. Times are epoch seconds.
-- (V2 and V3 are reserved for the refresh token and revocation work.)

CREATE TABLE login_failures (
    username_key VARCHAR(64)  NOT NULL PRIMARY KEY, -- hex SHA-256 of the lower-cased username: fixed size for any input
    username     VARCHAR(255) NOT NULL,             -- as first submitted, cut to 255 characters, for the audit log
    failures     INT          NOT NULL,             -- consecutive failures since the last success or lockout
    lockouts     INT          NOT NULL,             -- lockouts so far; each one lasts twice as long as the last
    locked_until BIGINT       NOT NULL,             -- 0 when never locked
    lockout_open BOOLEAN      NOT NULL,             -- a lockout started whose end is not yet in the audit log
    updated_at   BIGINT       NOT NULL
);

CREATE INDEX login_failures_locked_until ON login_failures (locked_until);
CREATE INDEX login_failures_updated_at ON login_failures (updated_at);
