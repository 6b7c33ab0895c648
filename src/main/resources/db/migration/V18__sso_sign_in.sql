-- SSO sign-in (issue 9, docs/sso-flow.md). Connections themselves are V17's; these tables name them by id only, so a
-- deleted connection leaves no dangling foreign key and its members keep their registrations' history.

-- A login started at /v1/public/sso/start and not yet answered by the IdP. Looked up by the digest of its state (the
-- SAML RelayState or the OIDC state); used once; lives 10 minutes.
CREATE TABLE sso_requests (
    id                  text PRIMARY KEY,
    project_id          text NOT NULL REFERENCES projects (id),
    organization_id     text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id       text NOT NULL,       -- the SAML/OIDC connection the IdP answers at
    member_connection_id text NOT NULL,      -- the connection the member signs in through: the same, or an
                                             -- external connection of organization_id that reuses it
    state_digest        text NOT NULL UNIQUE,
    code_challenge      text,                -- the app's PKCE challenge, checked at sso/authenticate
    login_redirect_url  text NOT NULL,
    signup_redirect_url text NOT NULL,
    saml_request_id     text,                -- the AuthnRequest ID the SAML response must answer (InResponseTo)
    oidc_nonce          text,
    oidc_verifier_sealed bytea,              -- our PKCE code_verifier toward the OIDC IdP, sealed
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    consumed_at         timestamptz
);
CREATE INDEX sso_requests_expiry ON sso_requests (project_id, expires_at);

-- The single-use sso_token an app redeems at sso/authenticate. Stored as a digest; lives 10 minutes.
CREATE TABLE sso_tokens (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    connection_id   text NOT NULL,
    protocol        text NOT NULL CHECK (protocol IN ('saml', 'oidc')),
    registration_id text NOT NULL,
    external_id     text NOT NULL,
    token_digest    text NOT NULL UNIQUE,
    code_challenge  text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz
);
CREATE INDEX sso_tokens_expiry ON sso_tokens (project_id, expires_at);

-- SAML assertion ids already accepted, kept until the assertion's NotOnOrAfter: a replay is duplicate_saml_response.
CREATE TABLE sso_used_assertions (
    project_id       text NOT NULL REFERENCES projects (id),
    connection_id    text NOT NULL,
    assertion_id     text NOT NULL,
    not_on_or_after  timestamptz NOT NULL,
    PRIMARY KEY (project_id, connection_id, assertion_id)
);

-- A member's identity at one connection (member.sso_registrations): the IdP's subject (SAML NameID, OIDC sub), the
-- raw attributes of the last login, and the groups it asserted (for sso_connection_group roles).
CREATE TABLE sso_registrations (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    connection_id   text NOT NULL,
    external_id     text NOT NULL,
    sso_attributes  jsonb NOT NULL DEFAULT '{}',
    groups          text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (project_id, connection_id, external_id),
    UNIQUE (member_id, connection_id)
);
CREATE INDEX sso_registrations_member ON sso_registrations (member_id);
