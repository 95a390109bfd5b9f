-- The developer portal's applications: a client registered by a developer (a database user), who
-- alone may see, regenerate or delete it. The client's row goes with the application.
CREATE TABLE portal_applications (
    client_id   VARCHAR(255)  NOT NULL PRIMARY KEY,
    owner_id    VARCHAR(255)  NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT fk_portal_applications_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
);
CREATE INDEX idx_portal_applications_owner ON portal_applications (owner_id, created_at);
