-- The OpenID Connect claims of the phone and address scopes (OpenID Connect Core section 5.1).
-- The address is kept as one formatted string: the claim's "formatted" member.

ALTER TABLE users ADD COLUMN phone_number_verified BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE users ADD COLUMN address VARCHAR(1024);
