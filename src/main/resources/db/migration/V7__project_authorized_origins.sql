-- The browser origins (scheme://host[:port], as browsers send them in Origin) a project's public token may be
-- used from: the SDK's CORS allow-list. Looked up by origin alone for CORS preflights, which carry no credentials.
CREATE TABLE project_authorized_origins (
    project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    origin     text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, origin)
);
CREATE INDEX project_authorized_origins_origin ON project_authorized_origins (origin);
