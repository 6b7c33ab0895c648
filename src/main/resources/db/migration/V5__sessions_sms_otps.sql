-- Member sessions. The bearer token is stored only as its SHA-256 digest.
CREATE TABLE member_sessions (
    id               text PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects (id),
    organization_id  text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id        text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_digest     text NOT NULL UNIQUE,
    factors          jsonb NOT NULL,
    custom_claims    jsonb NOT NULL DEFAULT '{}',
    started_at       timestamptz NOT NULL,
    last_accessed_at timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz
);
CREATE INDEX member_sessions_member ON member_sessions (member_id) WHERE revoked_at IS NULL;

-- Intermediate sessions: a bag of factors between the first and the last factor. Bound to an organization
-- and member, or (discovery) to an email address only. Consumed once when it becomes a session.
CREATE TABLE intermediate_sessions (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text REFERENCES members (id) ON DELETE CASCADE,
    email           text NOT NULL,
    token_digest    text NOT NULL UNIQUE,
    factors         jsonb NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz
);

-- SMS one-time passcodes: an HMAC of the code, never the code; one live code per member.
CREATE TABLE sms_otps (
    id          text PRIMARY KEY,
    project_id  text NOT NULL REFERENCES projects (id),
    member_id   text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    phone       text NOT NULL,
    code_hmac   text NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz
);
CREATE UNIQUE INDEX sms_otps_live ON sms_otps (member_id) WHERE consumed_at IS NULL;
