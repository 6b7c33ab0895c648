package dev.latchkey.sso.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.store.JsonColumns;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for members' SSO registrations (one per member and connection; one member per IdP subject and connection). */
final class SsoRegistrationStore {

    /** The member registered at this connection under this IdP subject, if any. */
    Optional<String> memberOf(Handle h, String projectId, String connectionId, String externalId) {
        return h.createQuery("SELECT member_id FROM sso_registrations WHERE project_id = :p AND connection_id = :c"
                        + " AND external_id = :x")
                .bind("p", projectId)
                .bind("c", connectionId)
                .bind("x", externalId)
                .mapTo(String.class)
                .findOne();
    }

    /** Removes another member's registration of this subject at the connection. */
    void release(Handle h, String projectId, String connectionId, String externalId, String keptMemberId) {
        h.createUpdate("DELETE FROM sso_registrations WHERE project_id = :p AND connection_id = :c"
                        + " AND external_id = :x AND member_id <> :m")
                .bind("p", projectId)
                .bind("c", connectionId)
                .bind("x", externalId)
                .bind("m", keptMemberId)
                .execute();
    }

    /**
     * Records the member's login through the connection: a new registration, or the existing one with the subject,
     * attributes and groups of this login. Returns the registration id.
     */
    String upsert(
            Handle h,
            String newId,
            String projectId,
            String organizationId,
            String memberId,
            String connectionId,
            String externalId,
            ObjectNode attributes,
            List<String> groups,
            Instant now) {
        return h.createQuery(
                        """
                        INSERT INTO sso_registrations (id, project_id, organization_id, member_id, connection_id,
                            external_id, sso_attributes, groups, created_at, updated_at)
                        VALUES (:id, :p, :o, :m, :c, :x, CAST(:attrs AS jsonb), :groups, :now, :now)
                        ON CONFLICT (member_id, connection_id) DO UPDATE SET external_id = EXCLUDED.external_id,
                            sso_attributes = EXCLUDED.sso_attributes, groups = EXCLUDED.groups,
                            updated_at = EXCLUDED.updated_at
                        RETURNING id""")
                .bind("id", newId)
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("m", memberId)
                .bind("c", connectionId)
                .bind("x", externalId)
                .bind("attrs", JsonColumns.write(attributes))
                .bind("groups", groups.toArray(String[]::new))
                .bind("now", now)
                .mapTo(String.class)
                .one();
    }
}
