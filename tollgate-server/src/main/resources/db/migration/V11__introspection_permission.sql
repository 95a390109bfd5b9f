-- Which clients may introspect tokens. Clients registered before keep what they could do in
-- practice: the machine clients (client_credentials) that resource servers use may, the others
-- may not until an operator allows it.
ALTER TABLE clients ADD COLUMN can_introspect BOOLEAN DEFAULT FALSE NOT NULL;

UPDATE clients SET can_introspect = TRUE
    WHERE CONCAT(' ', grant_types, ' ') LIKE '% client_credentials %';
