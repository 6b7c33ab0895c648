package dev.latchkey.sso;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the certificates and keys of SAML connections ({@code sso_certificates}). Every statement is filtered by
 * project id; callers hold the connection's row lock ({@link SsoConnectionStore#findForUpdate}) when they write.
 */
public final class SsoCertificateStore {
    public void insert(Handle h, StoredCertificate c) {
        h.createUpdate(
                        """
                        INSERT INTO sso_certificates (id, project_id, connection_id, kind, certificate, issuer,
                            private_key_sealed, created_at, expires_at)
                        VALUES (:id, :p, :conn, :kind, :cert, :issuer, :key, :createdAt, :expiresAt)""")
                .bind("id", c.id())
                .bind("p", c.projectId())
                .bind("conn", c.connectionId())
                .bind("kind", c.kind())
                .bind("cert", c.certificate())
                .bind("issuer", c.issuer())
                .bind("key", c.privateKeySealed())
                .bind("createdAt", c.createdAt())
                .bind("expiresAt", c.expiresAt())
                .execute();
    }

    /** The certificates of these connections, oldest first. */
    public List<StoredCertificate> ofConnections(Handle h, String projectId, Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery(
                        """
                        SELECT id, project_id, connection_id, kind, certificate, issuer, private_key_sealed,
                               created_at, expires_at
                          FROM sso_certificates WHERE project_id = :p AND connection_id = ANY(:ids)
                         ORDER BY created_at, id""")
                .bind("p", projectId)
                .bind("ids", connectionIds.toArray(String[]::new))
                .map((rs, ctx) -> new StoredCertificate(
                        rs.getString("id"),
                        rs.getString("project_id"),
                        rs.getString("connection_id"),
                        rs.getString("kind"),
                        rs.getString("certificate"),
                        rs.getString("issuer"),
                        rs.getBytes("private_key_sealed"),
                        instant(rs, "created_at"),
                        instant(rs, "expires_at")))
                .list();
    }

    /** Deletes one certificate of this kind of the connection; false if there is none with that id. */
    public boolean delete(Handle h, String projectId, String connectionId, String kind, String id) {
        return h.createUpdate(
                                """
                                DELETE FROM sso_certificates
                                 WHERE project_id = :p AND connection_id = :conn AND kind = :kind AND id = :id""")
                        .bind("p", projectId)
                        .bind("conn", connectionId)
                        .bind("kind", kind)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Deletes every certificate of this kind of the connection (the signing key being replaced). */
    public void deleteAll(Handle h, String projectId, String connectionId, String kind) {
        h.createUpdate("DELETE FROM sso_certificates WHERE project_id = :p AND connection_id = :conn AND kind = :kind")
                .bind("p", projectId)
                .bind("conn", connectionId)
                .bind("kind", kind)
                .execute();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
