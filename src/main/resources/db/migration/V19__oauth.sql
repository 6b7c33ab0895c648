-- OAuth login with Google, Microsoft, GitHub, HubSpot and Slack (SSO_OAUTH.md §2; docs/oauth.md).

-- One provider configuration per project and provider. The client secret is sealed with the master key
-- (crypto.SecretBox). The callback id names the provider's redirect URI, /v1/b2b/oauth/callback/<callback_id>.
CREATE TABLE oauth_providers (
    project_id            text NOT NULL REFERENCES projects (id),
    provider              text NOT NULL CHECK (provider IN ('google', 'microsoft', 'github', 'hubspot', 'slack')),
    callback_id           text NOT NULL UNIQUE,
    client_id             text NOT NULL,
    client_secret_sealed  bytea NOT NULL,
    issuer                text,
    authorization_url     text,
    token_url             text,
    userinfo_url          text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (project_id, provider)
);

-- The server-side half of a start → provider → callback round trip: looked up by the digest of the state parameter,
-- single use, short-lived. The PKCE verifier toward the provider is sealed.
CREATE TABLE oauth_states (
    state_digest            text PRIMARY KEY,
    project_id              text NOT NULL REFERENCES projects (id),
    provider                text NOT NULL,
    callback_id             text NOT NULL,
    organization_id         text REFERENCES organizations (id) ON DELETE CASCADE,
    discovery               boolean NOT NULL,
    nonce                   text NOT NULL,
    provider_verifier_sealed bytea NOT NULL,
    code_challenge          text,
    login_redirect_url      text,
    signup_redirect_url     text,
    discovery_redirect_url  text,
    scopes                  text NOT NULL,
    created_at              timestamptz NOT NULL,
    expires_at              timestamptz NOT NULL,
    consumed_at             timestamptz
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

-- A member's link to a provider identity, with the provider's tokens sealed (oauth_providers endpoint, §2.2).
CREATE TABLE member_oauth_registrations (
    id                       text PRIMARY KEY,
    project_id               text NOT NULL REFERENCES projects (id),
    organization_id          text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id                text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    provider                 text NOT NULL,
    provider_subject         text NOT NULL,
    provider_tenant_id       text,
    profile_picture_url      text,
    locale                   text,
    access_token_sealed      bytea,
    refresh_token_sealed     bytea,
    id_token_sealed          bytea,
    access_token_expires_at  timestamptz,
    scopes                   text NOT NULL,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    UNIQUE (member_id, provider, provider_subject)
);
-- (the unique index serves the member's registrations, read with every member)

-- The single-use oauth_token / discovery_oauth_token the callback hands the application, stored by digest. It carries
-- what the provider said, so authenticate needs no second call to the provider (the provider's own tokens are on the
-- registration). provider_tenant_ids is space-separated.
CREATE TABLE oauth_tokens (
    token_digest         text PRIMARY KEY,
    project_id           text NOT NULL REFERENCES projects (id),
    provider             text NOT NULL,
    discovery            boolean NOT NULL,
    organization_id      text REFERENCES organizations (id) ON DELETE CASCADE,
    member_id            text REFERENCES members (id) ON DELETE CASCADE,
    registration_id      text REFERENCES member_oauth_registrations (id) ON DELETE CASCADE,
    email                text NOT NULL,
    email_verified       boolean NOT NULL,
    full_name            text NOT NULL,
    provider_subject     text NOT NULL,
    provider_tenant_ids  text NOT NULL,
    code_challenge       text,
    created_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    consumed_at          timestamptz
);

-- The provider tenants an OAuth discovery intermediate session proved, for discovery's
-- eligible_to_join_by_oauth_tenant and its exchange (SSO_OAUTH.md §2.3, §2.4). tenant_ids is space-separated.
CREATE TABLE oauth_discovery_tenants (
    intermediate_session_id text PRIMARY KEY REFERENCES intermediate_sessions (id) ON DELETE CASCADE,
    project_id              text NOT NULL REFERENCES projects (id),
    provider                text NOT NULL,
    tenant_ids              text NOT NULL
);
