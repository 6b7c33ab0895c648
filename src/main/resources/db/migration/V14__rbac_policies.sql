-- RBAC (issue 10). A project's custom policy: the part it adds to Stytch's defaults (custom roles, custom resources,
-- OAuth scopes, and the permissions of stytch_member / stytch_admin when edited), in the wire shape
-- {roles, resources, scopes}. No row: Stytch's defaults alone.
CREATE TABLE rbac_policies (
    project_id text PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    policy     jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every node caches the policy for at most a second; a change drops it at once everywhere (see V13).
CREATE TRIGGER rbac_policies_changed AFTER INSERT OR UPDATE OR DELETE ON rbac_policies
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('RBAC_POLICY', 'project_id');

-- An organization's custom roles (RBAC_SCIM_M2M.md §1.5), [{role_id, description, permissions}]. A change is an
-- update of the organization row, which V13's trigger already announces.
ALTER TABLE organizations ADD COLUMN rbac_custom_roles jsonb NOT NULL DEFAULT '[]';
