-- Session JWT signing keys: one RSA 2048 key pair per row, a project's active key has retired_at NULL.
-- The private key is PKCS#8 sealed with AES-256-GCM under the master key (associated data binds it to its
-- project and kid); the public key is the JWK exactly as the JWKS serves it.
CREATE TABLE signing_keys (
    kid                text PRIMARY KEY,
    project_id         text NOT NULL REFERENCES projects (id),
    private_key_sealed bytea NOT NULL,
    public_jwk         text NOT NULL,
    created_at         timestamptz NOT NULL,
    retired_at         timestamptz
);

-- At most one active key per project: when two nodes create a project's first key (or rotate) at once,
-- the second insert fails here and that node uses the winner's key.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (project_id) WHERE retired_at IS NULL;
CREATE INDEX signing_keys_by_project ON signing_keys (project_id, created_at);
