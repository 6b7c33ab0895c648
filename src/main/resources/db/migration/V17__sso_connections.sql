-- SSO connections of an organization (SSO_OAUTH.md §1.1): SAML, OIDC, or external (another organization's connection
-- of the same project, reused). One row per connection; the columns of the kinds it is not stay at their defaults.
-- Secrets are sealed with AES-256-GCM under the master key (associated data: project, connection and purpose):
-- the OIDC client secret here, private keys in sso_certificates. Deleting the organization deletes its connections.
CREATE TABLE sso_connections (
    id                          text PRIMARY KEY,
    project_id                  text NOT NULL REFERENCES projects (id),
    organization_id             text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind                        text NOT NULL CHECK (kind IN ('saml', 'oidc', 'external')),
    status                      text NOT NULL CHECK (status IN ('pending', 'active')),
    display_name                text NOT NULL DEFAULT '',
    identity_provider           text NOT NULL DEFAULT 'generic',
    attribute_mapping           jsonb NOT NULL DEFAULT '{}',
    -- SAML
    idp_entity_id               text NOT NULL DEFAULT '',
    idp_sso_url                 text NOT NULL DEFAULT '',
    alternative_audience_uri    text NOT NULL DEFAULT '',
    alternative_acs_url         text NOT NULL DEFAULT '',
    nameid_format               text NOT NULL DEFAULT '',
    idp_initiated_auth_disabled boolean NOT NULL DEFAULT false,
    allow_gateway_callback      boolean NOT NULL DEFAULT false,
    -- role assignments (SAML and external): [{"role_id"}] and [{"role_id", "group"}]
    connection_role_assignments jsonb NOT NULL DEFAULT '[]',
    group_role_assignments      jsonb NOT NULL DEFAULT '[]',
    -- OIDC
    issuer                      text NOT NULL DEFAULT '',
    client_id                   text NOT NULL DEFAULT '',
    client_secret_sealed        bytea,
    authorization_url           text NOT NULL DEFAULT '',
    token_url                   text NOT NULL DEFAULT '',
    userinfo_url                text NOT NULL DEFAULT '',
    jwks_url                    text NOT NULL DEFAULT '',
    custom_scopes               text NOT NULL DEFAULT '',
    -- external: the connection of another organization this one reuses
    external_organization_id    text,
    external_connection_id      text REFERENCES sso_connections (id) ON DELETE CASCADE,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX sso_connections_organization ON sso_connections (project_id, organization_id, created_at, id);
CREATE UNIQUE INDEX sso_connections_one_external ON sso_connections (organization_id, external_connection_id)
    WHERE external_connection_id IS NOT NULL;

-- Certificates and keys of a SAML connection:
--   verification: the IdP's signing certificates (PEM), at most 5, which assertions are checked against;
--   signing:      the key pair Latchkey signs AuthnRequests with (one per connection), its private key sealed;
--   encryption:   private keys the IdP encrypts assertions to (PKCS#1 given by the admin), sealed.
CREATE TABLE sso_certificates (
    id                 text PRIMARY KEY,
    project_id         text NOT NULL REFERENCES projects (id),
    connection_id      text NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    kind               text NOT NULL CHECK (kind IN ('verification', 'signing', 'encryption')),
    certificate        text NOT NULL DEFAULT '',
    issuer             text NOT NULL DEFAULT '',
    private_key_sealed bytea,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz
);
CREATE INDEX sso_certificates_connection ON sso_certificates (connection_id, kind, created_at, id);
