-- TOTP registrations. The secret is sealed with AES-256-GCM under the master key (associated data: project id
-- and registration id). A registration is 'pending' until its first good code, then 'active'; a pending one
-- expires at expires_at. A member has at most one registration of each status.
CREATE TABLE totp_registrations (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    secret_sealed   bytea NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'active')),
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL,
    verified_at     timestamptz
);
CREATE UNIQUE INDEX totp_registrations_one_active ON totp_registrations (member_id) WHERE status = 'active';
CREATE UNIQUE INDEX totp_registrations_one_pending ON totp_registrations (member_id) WHERE status = 'pending';

-- Time steps a member has already authenticated with. A code is accepted once per member: the step it
-- matched is inserted here, and the primary key turns a replay (or a concurrent second use) into a no-op
-- insert, which the service reads as "already authenticated".
CREATE TABLE totp_used_steps (
    member_id  text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    time_step  bigint NOT NULL,
    project_id text NOT NULL REFERENCES projects (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, time_step)
);

-- Recovery codes of a TOTP registration. code_digest (SHA-256 hex of the lower-case code) is what a recover
-- attempt is matched against; code_sealed (AES-256-GCM) exists only because GET /recovery_codes returns the
-- full active set. A code is used by one conditional UPDATE of used_at.
CREATE TABLE recovery_codes (
    id                   text PRIMARY KEY,
    project_id           text NOT NULL REFERENCES projects (id),
    member_id            text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    totp_registration_id text NOT NULL REFERENCES totp_registrations (id) ON DELETE CASCADE,
    position             smallint NOT NULL,
    code_digest          text NOT NULL,
    code_sealed          bytea NOT NULL,
    used_at              timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX recovery_codes_member_digest ON recovery_codes (member_id, code_digest);
CREATE INDEX recovery_codes_registration ON recovery_codes (totp_registration_id, position);
