-- Users can be disabled (imported from Keycloak with enabled = false, or from Auth0 blocked): a
-- disabled user's logins fail exactly like a wrong password. Imports also record the fingerprint
-- of the hash they wrote in file_password (as the configuration file does), so importing the same
-- file again after the user logged in, and the hash was upgraded, is no conflict.
ALTER TABLE users ADD COLUMN disabled BOOLEAN DEFAULT FALSE NOT NULL;
