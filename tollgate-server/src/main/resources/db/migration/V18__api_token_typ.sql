-- The access token's JWT typ per API: RFC 9068's at+jwt, or JWT for resource servers that take only that
ALTER TABLE apis ADD COLUMN token_typ VARCHAR(16) DEFAULT 'at+jwt' NOT NULL;
