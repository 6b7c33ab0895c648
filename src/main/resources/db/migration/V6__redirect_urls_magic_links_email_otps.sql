-- Redirect URLs a project allows, by kind; the default of a kind is used when a request names none.
CREATE TABLE project_redirect_urls (
    project_id text NOT NULL REFERENCES projects (id),
    kind       text NOT NULL CHECK (kind IN ('login', 'signup', 'invite', 'reset_password', 'discovery')),
    url        text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, kind, url)
);
CREATE UNIQUE INDEX project_redirect_urls_default ON project_redirect_urls (project_id, kind) WHERE is_default;

-- Email magic links (login, signup, invite, discovery). Stored as digests; used once.
CREATE TABLE magic_links (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text REFERENCES members (id) ON DELETE CASCADE,
    email           text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('login', 'signup', 'invite', 'discovery')),
    token_digest    text NOT NULL UNIQUE,
    code_challenge  text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz
);

-- Email one-time passcodes: HMACs, one live code per address and organization (discovery: organization null).
CREATE TABLE email_otps (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text REFERENCES organizations (id) ON DELETE CASCADE,
    email           text NOT NULL,
    code_hmac       text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz
);
CREATE UNIQUE INDEX email_otps_live ON email_otps (project_id, coalesce(organization_id, ''), email) WHERE consumed_at IS NULL;

-- The last send to an address, for the per-address send limit (one per second).
CREATE TABLE send_limits (
    project_id   text NOT NULL REFERENCES projects (id),
    address      text NOT NULL,
    last_sent_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, address)
);
