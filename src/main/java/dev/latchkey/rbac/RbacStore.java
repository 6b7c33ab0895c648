package dev.latchkey.rbac;

import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for projects' custom RBAC policies ({@code rbac_policies}, V14), stored as the wire JSON. */
public final class RbacStore {
    /** The project's custom policy document, if it has set one. */
    public Optional<String> find(Handle h, String projectId) {
        return h.createQuery("SELECT policy::text FROM rbac_policies WHERE project_id = :p")
                .bind("p", projectId)
                .mapTo(String.class)
                .findOne();
    }

    /** Sets (or replaces) the project's custom policy; every node drops its cached copy. */
    public void put(Handle h, String projectId, String policyJson, Instant now) {
        h.createUpdate(
                        """
                        INSERT INTO rbac_policies (project_id, policy, updated_at)
                        VALUES (:p, CAST(:policy AS jsonb), :now)
                        ON CONFLICT (project_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at""")
                .bind("p", projectId)
                .bind("policy", policyJson)
                .bind("now", now)
                .execute();
        Changes.afterCommit(h, new Change(Change.Kind.RBAC_POLICY, projectId));
    }
}
