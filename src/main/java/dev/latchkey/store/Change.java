package dev.latchkey.store;

/**
 * Something cached elsewhere changed: a project (its secret, limits or origins), an organization, a member, a
 * member session or a project's RBAC policy, named by its id. {@link #EVERYTHING} says a node may have missed
 * changes (its listener reconnected) and must drop every cached entry.
 */
public record Change(Kind kind, String id) {
    public static final Change EVERYTHING = new Change(Kind.EVERYTHING, "");

    public enum Kind {
        PROJECT,
        ORGANIZATION,
        MEMBER,
        SESSION,
        /** A project's RBAC policy, named by the project id. */
        RBAC_POLICY,
        EVERYTHING
    }

    /** Parses the payload of a {@code latchkey_changes} notification, {@code <kind>:<id>}; null if malformed. */
    static Change parse(String payload) {
        int colon = payload.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new Change(Kind.valueOf(payload.substring(0, colon)), payload.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether this change concerns the object of that kind and id. */
    public boolean concerns(Kind k, String objectId) {
        return kind == Kind.EVERYTHING || (kind == k && id.equals(objectId));
    }
}
