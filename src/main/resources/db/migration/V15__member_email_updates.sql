-- Self-serve email changes (organizations/{org}/members/{member}/start_email_update): the address a member asked to
-- move to, reserved until it is verified, replaced by another start, or expired. One open change per member, and an
-- address reserved for at most one member of an organization at a time (an expired change is closed before a new
-- one is opened).
CREATE TABLE member_email_updates (
    id              text PRIMARY KEY,
    project_id      text NOT NULL REFERENCES projects (id),
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id       text NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    email           text NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    closed_at       timestamptz
);
CREATE UNIQUE INDEX member_email_updates_open_email ON member_email_updates (organization_id, email) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX member_email_updates_open_member ON member_email_updates (member_id) WHERE closed_at IS NULL;

-- The confirmation link of an email change is a magic link of its own kind, redeemed by magic_links/authenticate.
ALTER TABLE magic_links DROP CONSTRAINT magic_links_kind_check;
ALTER TABLE magic_links ADD CONSTRAINT magic_links_kind_check
    CHECK (kind IN ('login', 'signup', 'invite', 'discovery', 'email_update'));
