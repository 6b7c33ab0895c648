-- passwords/email/require_reset: a password marked here still matches, but passwords/authenticate (and the
-- discovery and existing-password paths) refuse it until the member sets a new one. Setting a password replaces
-- the row, so the mark ends with the reset.
ALTER TABLE member_passwords ADD COLUMN reset_required_at timestamptz;

-- passwords/discovery/email/reset/start: a reset token bound to an email address across the project's
-- organizations rather than to one member. Exactly one of the two shapes per row.
ALTER TABLE password_reset_tokens
    ALTER COLUMN organization_id DROP NOT NULL,
    ALTER COLUMN member_id DROP NOT NULL,
    ADD COLUMN email_address text,
    ADD CONSTRAINT password_reset_tokens_member_or_address CHECK (
        (organization_id IS NOT NULL AND member_id IS NOT NULL AND email_address IS NULL)
        OR (organization_id IS NULL AND member_id IS NULL AND email_address IS NOT NULL));
CREATE INDEX password_reset_tokens_address ON password_reset_tokens (project_id, email_address)
    WHERE email_address IS NOT NULL;
