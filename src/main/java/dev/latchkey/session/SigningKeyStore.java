package dev.latchkey.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for session JWT signing keys. Every statement is filtered by project id. */
public final class SigningKeyStore {
    /** The partial unique index that allows one active key per project (V2 migration). */
    static final String ONE_ACTIVE_INDEX = "signing_keys_one_active";

    /**
     * Inserts a key, unless it is active ({@code retiredAt == null}) and the project already has an active key
     * ({@link #ONE_ACTIVE_INDEX}); returns whether it was inserted. The conflict is skipped, not raised: the insert
     * may run inside a caller's transaction (a login issuing its first JWT), which a unique violation would abort.
     */
    boolean insert(Handle h, SigningKeyRow row) {
        return h.createUpdate(
                                """
                        INSERT INTO signing_keys (kid, project_id, private_key_sealed, public_jwk, created_at, retired_at)
                        VALUES (:kid, :projectId, :sealed, :jwk, :createdAt, :retiredAt)
                        ON CONFLICT (project_id) WHERE retired_at IS NULL DO NOTHING""")
                        .bind("kid", row.kid())
                        .bind("projectId", row.projectId())
                        .bind("sealed", row.privateKeySealed())
                        .bind("jwk", row.publicJwk())
                        .bind("createdAt", row.createdAt())
                        .bind("retiredAt", row.retiredAt())
                        .execute()
                == 1;
    }

    /**
     * The project's active key and the keys retired after {@code retiredAfter}, i.e. the keys still
     * published in its JWKS: the active key first, then the most recently retired.
     */
    List<SigningKeyRow> published(Handle h, String projectId, Instant retiredAfter) {
        return h.createQuery(
                        """
                        SELECT kid, project_id, private_key_sealed, public_jwk, created_at, retired_at
                          FROM signing_keys
                         WHERE project_id = :p AND (retired_at IS NULL OR retired_at > :after)
                         ORDER BY retired_at DESC NULLS FIRST, created_at DESC, kid""")
                .bind("p", projectId)
                .bind("after", retiredAfter)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Marks the project's active key retired at {@code at}; false if it had none. */
    boolean retireActive(Handle h, String projectId, Instant at) {
        return h.createUpdate("UPDATE signing_keys SET retired_at = :at WHERE project_id = :p AND retired_at IS NULL")
                        .bind("at", at)
                        .bind("p", projectId)
                        .execute()
                > 0;
    }

    private static SigningKeyRow map(ResultSet rs) throws SQLException {
        OffsetDateTime retired = rs.getObject("retired_at", OffsetDateTime.class);
        return new SigningKeyRow(
                rs.getString("kid"),
                rs.getString("project_id"),
                rs.getBytes("private_key_sealed"),
                rs.getString("public_jwk"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                retired == null ? null : retired.toInstant());
    }
}
