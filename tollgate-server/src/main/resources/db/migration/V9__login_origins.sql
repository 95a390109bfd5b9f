-- Clients trusted to forward their end user's address, and per-origin login counters: a row of
-- login_failures is either a username's (user_key NULL) or one (username, client, address)'s,
-- where a login of that user recently succeeded (trusted_until); such an origin keeps its own
-- count, so failures from elsewhere do not lock it out.

ALTER TABLE clients ADD COLUMN forwarded_user_ip BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE login_failures ADD COLUMN user_key VARCHAR(64);                -- the username's key, on an origin's row
ALTER TABLE login_failures ADD COLUMN trusted_until BIGINT DEFAULT 0 NOT NULL; -- epoch seconds; 0 on a username's row

CREATE INDEX login_failures_user_key ON login_failures (user_key);
