-- Cached rows announce their changes to every node: after a commit, each node's listener (LISTEN latchkey_changes)
-- drops its cached copy. The payload is '<KIND>:<id>'. Only changes that a cache holds notify; a session's
-- access time alone does not (it changes on reads and no cache serves it beyond its time to live).
CREATE FUNCTION latchkey_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('latchkey_changes', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
    ELSE
        PERFORM pg_notify('latchkey_changes', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER projects_changed AFTER UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('PROJECT', 'id');
CREATE TRIGGER project_origins_changed AFTER INSERT OR UPDATE OR DELETE ON project_authorized_origins
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('PROJECT', 'project_id');
CREATE TRIGGER organizations_changed AFTER UPDATE OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('ORGANIZATION', 'id');
CREATE TRIGGER members_changed AFTER UPDATE OR DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('MEMBER', 'id');
CREATE TRIGGER member_sessions_changed AFTER UPDATE ON member_sessions
    FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
          OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
          OR OLD.factors IS DISTINCT FROM NEW.factors
          OR OLD.custom_claims IS DISTINCT FROM NEW.custom_claims)
    EXECUTE FUNCTION latchkey_notify_change('SESSION', 'id');
CREATE TRIGGER member_sessions_deleted AFTER DELETE ON member_sessions
    FOR EACH ROW EXECUTE FUNCTION latchkey_notify_change('SESSION', 'id');
