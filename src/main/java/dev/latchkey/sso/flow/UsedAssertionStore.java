package dev.latchkey.sso.flow;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * SAML assertion ids already accepted at a connection, kept until their NotOnOrAfter (after which the assertion is
 * refused as expired anyway). Recording is one insert into the primary key, so of two concurrent posts of the same
 * assertion exactly one records it.
 */
final class UsedAssertionStore {

    /** Records the assertion as used; false when it already was. Forgets the connection's expired ids first. */
    boolean record(
            Handle h, String projectId, String connectionId, String assertionId, Instant notOnOrAfter, Instant now) {
        h.createUpdate("DELETE FROM sso_used_assertions WHERE project_id = :p AND connection_id = :c"
                        + " AND not_on_or_after < :now")
                .bind("p", projectId)
                .bind("c", connectionId)
                .bind("now", now.minus(SsoLimits.CLOCK_SKEW))
                .execute();
        return h.createUpdate(
                                """
                        INSERT INTO sso_used_assertions (project_id, connection_id, assertion_id, not_on_or_after)
                        VALUES (:p, :c, :a, :until) ON CONFLICT DO NOTHING""")
                        .bind("p", projectId)
                        .bind("c", connectionId)
                        .bind("a", assertionId)
                        .bind("until", notOnOrAfter)
                        .execute()
                == 1;
    }
}
