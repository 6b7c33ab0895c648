package dev.latchkey.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for provider configurations; the client secret column holds the sealed secret, opened by the caller. */
public final class OAuthProviderStore {
    private static final String COLUMNS = "project_id, provider, callback_id, client_id, client_secret_sealed, issuer,"
            + " authorization_url, token_url, userinfo_url, created_at, updated_at";

    /** A row with its sealed secret. */
    record Row(OAuthProviderConfig config, byte[] sealedSecret) {}

    void upsert(Handle h, OAuthProviderConfig c, byte[] sealedSecret) {
        h.createUpdate(
                        """
                        INSERT INTO oauth_providers (project_id, provider, callback_id, client_id, client_secret_sealed,
                            issuer, authorization_url, token_url, userinfo_url, created_at, updated_at)
                        VALUES (:p, :provider, :cb, :cid, :secret, :iss, :auth, :token, :userinfo, :created, :updated)
                        ON CONFLICT (project_id, provider) DO UPDATE SET client_id = :cid,
                            client_secret_sealed = :secret, issuer = :iss, authorization_url = :auth,
                            token_url = :token, userinfo_url = :userinfo, updated_at = :updated""")
                .bind("p", c.projectId())
                .bind("provider", c.provider().wireName())
                .bind("cb", c.callbackId())
                .bind("cid", c.clientId())
                .bind("secret", sealedSecret)
                .bind("iss", c.issuer())
                .bind("auth", c.authorizationUrl())
                .bind("token", c.tokenUrl())
                .bind("userinfo", c.userinfoUrl())
                .bind("created", c.createdAt())
                .bind("updated", c.updatedAt())
                .execute();
    }

    Optional<Row> find(Handle h, String projectId, OAuthProvider provider) {
        return h.createQuery("SELECT " + COLUMNS + " FROM oauth_providers WHERE project_id = :p AND provider = :v")
                .bind("p", projectId)
                .bind("v", provider.wireName())
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** The configuration a callback id names, whatever its project (the callback carries no credentials). */
    Optional<Row> findByCallback(Handle h, String callbackId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM oauth_providers WHERE callback_id = :cb")
                .bind("cb", callbackId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    List<Row> list(Handle h, String projectId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM oauth_providers WHERE project_id = :p ORDER BY provider")
                .bind("p", projectId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(
                new OAuthProviderConfig(
                        rs.getString("project_id"),
                        OAuthProvider.parse(rs.getString("provider")),
                        rs.getString("callback_id"),
                        rs.getString("client_id"),
                        null,
                        rs.getString("issuer"),
                        rs.getString("authorization_url"),
                        rs.getString("token_url"),
                        rs.getString("userinfo_url"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at")),
                rs.getBytes("client_secret_sealed"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
