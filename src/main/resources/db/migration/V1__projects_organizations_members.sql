-- Projects: the tenants. Secrets are stored as SHA-256 digests only.
CREATE TABLE projects (
    id            text PRIMARY KEY,
    environment   text NOT NULL CHECK (environment IN ('test', 'live')),
    secret_digest text NOT NULL,
    public_token  text NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL
);

-- Organizations. Policy settings live in one JSONB document whose keys are the wire names.
CREATE TABLE organizations (
    id               text PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects (id),
    name             text NOT NULL,
    slug             text NOT NULL,
    logo_url         text NOT NULL DEFAULT '',
    external_id      text,
    trusted_metadata jsonb NOT NULL DEFAULT '{}',
    settings         jsonb NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX organizations_slug ON organizations (project_id, slug);
CREATE UNIQUE INDEX organizations_external_id ON organizations (project_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX organizations_created ON organizations (project_id, created_at, id);

-- Members. An email address is unique among the non-deleted members of an organization.
CREATE TABLE members (
    id                        text PRIMARY KEY,
    project_id                text NOT NULL REFERENCES projects (id),
    organization_id           text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email                     text NOT NULL,
    email_verified            boolean NOT NULL DEFAULT false,
    email_id                  text NOT NULL,
    status                    text NOT NULL CHECK (status IN ('pending', 'invited', 'active', 'deleted')),
    name                      text NOT NULL DEFAULT '',
    trusted_metadata          jsonb NOT NULL DEFAULT '{}',
    untrusted_metadata        jsonb NOT NULL DEFAULT '{}',
    is_breakglass             boolean NOT NULL DEFAULT false,
    mfa_enrolled              boolean NOT NULL DEFAULT false,
    mfa_phone_number          text NOT NULL DEFAULT '',
    mfa_phone_number_verified boolean NOT NULL DEFAULT false,
    default_mfa_method        text NOT NULL DEFAULT '',
    totp_registration_id      text NOT NULL DEFAULT '',
    password_id               text NOT NULL DEFAULT '',
    external_id               text,
    roles                     text[] NOT NULL DEFAULT '{}',
    retired_emails            jsonb NOT NULL DEFAULT '[]',
    failed_attempts           integer NOT NULL DEFAULT 0,
    lock_created_at           timestamptz,
    lock_expires_at           timestamptz,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE UNIQUE INDEX members_email ON members (organization_id, email) WHERE status <> 'deleted';
CREATE UNIQUE INDEX members_external_id ON members (organization_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX members_project_email ON members (project_id, email);
CREATE INDEX members_created ON members (organization_id, created_at, id);

-- The dev outbox: messages of test projects without a real provider, readable at /dev/v1/messages.
CREATE TABLE dev_messages (
    id         text PRIMARY KEY,
    seq        bigserial NOT NULL,
    project_id text NOT NULL REFERENCES projects (id),
    channel    text NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient  text NOT NULL,
    subject    text,
    body_text  text NOT NULL,
    code       text,
    token      text,
    link       text,
    created_at timestamptz NOT NULL
);
CREATE INDEX dev_messages_recent ON dev_messages (project_id, seq DESC);
