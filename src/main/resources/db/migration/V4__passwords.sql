-- Member passwords. A member's password is the row whose id equals members.password_id; a row no member
-- points at is dead (setting a new password deletes the old row). `hash` is a self-describing encoded
-- string: PHC Argon2id for passwords set here, or the encoded form of an imported (migrated) hash, which is
-- re-hashed to Argon2id on the next good login.
CREATE TABLE member_passwords (
    id         text PRIMARY KEY,
    project_id text NOT NULL REFERENCES projects (id),
    member_id  text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    hash       text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX member_passwords_member ON member_passwords (project_id, member_id);

-- Password reset tokens (passwords/email/reset/start). Only the SHA-256 digest of a token is stored; a token
-- is consumed by one conditional UPDATE, so it can be used once.
CREATE TABLE password_reset_tokens (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_digest    text NOT NULL UNIQUE,
    code_challenge  text,
    redirect_url    text NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz,
    created_at      timestamptz NOT NULL
);
CREATE INDEX password_reset_tokens_member ON password_reset_tokens (project_id, member_id);
