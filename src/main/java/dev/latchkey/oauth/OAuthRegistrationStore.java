package dev.latchkey.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;

/**
 * SQL for members' OAuth registrations. Provider tokens are sealed and opened by the given functions, so this store
 * never holds a key. (member.MemberStore reads the non-secret columns for a member's {@code oauth_registrations}.)
 */
public final class OAuthRegistrationStore {
    private static final String COLUMNS = "id, project_id, organization_id, member_id, provider, provider_subject,"
            + " provider_tenant_id, profile_picture_url, locale, access_token_sealed, refresh_token_sealed,"
            + " id_token_sealed, access_token_expires_at, scopes, created_at, updated_at";

    /**
     * Inserts the registration, or refreshes the tokens of the member's registration for the same provider subject
     * (the caller gives that registration's id, see {@link #idOf}, since the seal is bound to it); returns the id.
     */
    String upsert(Handle h, OAuthRegistration r, BiFunction<String, String, byte[]> seal) {
        return h.createQuery(
                        """
                        INSERT INTO member_oauth_registrations (id, project_id, organization_id, member_id, provider,
                            provider_subject, provider_tenant_id, profile_picture_url, locale, access_token_sealed,
                            refresh_token_sealed, id_token_sealed, access_token_expires_at, scopes, created_at,
                            updated_at)
                        VALUES (:id, :p, :o, :m, :provider, :sub, :tenant, :pic, :locale, :at, :rt, :it, :exp, :scopes,
                            :now, :now)
                        ON CONFLICT (member_id, provider, provider_subject) DO UPDATE SET
                            provider_tenant_id = :tenant, profile_picture_url = :pic, locale = :locale,
                            access_token_sealed = :at,
                            refresh_token_sealed = COALESCE(:rt, member_oauth_registrations.refresh_token_sealed),
                            id_token_sealed = :it, access_token_expires_at = :exp, scopes = :scopes, updated_at = :now
                        RETURNING id""")
                .bind("id", r.id())
                .bind("p", r.projectId())
                .bind("o", r.organizationId())
                .bind("m", r.memberId())
                .bind("provider", r.provider().wireName())
                .bind("sub", r.providerSubject())
                .bind("tenant", r.providerTenantId())
                .bind("pic", r.profilePictureUrl())
                .bind("locale", r.locale())
                .bind("at", sealedOrNull(seal, r.id(), "access", r.accessToken()))
                .bind("rt", sealedOrNull(seal, r.id(), "refresh", r.refreshToken()))
                .bind("it", sealedOrNull(seal, r.id(), "id", r.idToken()))
                .bind("exp", r.accessTokenExpiresAt())
                .bind("scopes", String.join(" ", r.scopes()))
                .bind("now", r.updatedAt())
                .mapTo(String.class)
                .one();
    }

    /** The id of the member's registration for this provider subject, if there is one. */
    Optional<String> idOf(Handle h, String memberId, OAuthProvider provider, String subject) {
        return h.createQuery("SELECT id FROM member_oauth_registrations WHERE member_id = :m AND provider = :v"
                        + " AND provider_subject = :s")
                .bind("m", memberId)
                .bind("v", provider.wireName())
                .bind("s", subject)
                .mapTo(String.class)
                .findOne();
    }

    /** The member's most recently used registration with this provider. */
    Optional<OAuthRegistration> latest(
            Handle h, String projectId, String memberId, OAuthProvider provider, Opener open) {
        return h.createQuery("SELECT " + COLUMNS + " FROM member_oauth_registrations WHERE project_id = :p"
                        + " AND member_id = :m AND provider = :v ORDER BY updated_at DESC LIMIT 1")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("v", provider.wireName())
                .map((rs, ctx) -> map(rs, open))
                .findOne();
    }

    Optional<OAuthRegistration> find(Handle h, String projectId, String id, Opener open) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM member_oauth_registrations WHERE project_id = :p AND id = :id")
                .bind("p", projectId)
                .bind("id", id)
                .map((rs, ctx) -> map(rs, open))
                .findOne();
    }

    /** The member's registrations with this provider, newest first. */
    List<OAuthRegistration> all(Handle h, String projectId, String memberId, OAuthProvider provider, Opener open) {
        return h.createQuery("SELECT " + COLUMNS + " FROM member_oauth_registrations WHERE project_id = :p"
                        + " AND member_id = :m AND provider = :v ORDER BY updated_at DESC")
                .bind("p", projectId)
                .bind("m", memberId)
                .bind("v", provider.wireName())
                .map((rs, ctx) -> map(rs, open))
                .list();
    }

    /** Opens a sealed token of registration {@code id}; {@code kind} is access, refresh or id. */
    interface Opener {
        String open(byte[] ciphertext, String id, String kind);
    }

    private static byte[] sealedOrNull(BiFunction<String, String, byte[]> seal, String id, String kind, String token) {
        return token == null ? null : seal.apply(id + ":" + kind, token);
    }

    private static OAuthRegistration map(ResultSet rs, Opener open) throws SQLException {
        String id = rs.getString("id");
        String scopes = rs.getString("scopes");
        return new OAuthRegistration(
                id,
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("member_id"),
                OAuthProvider.parse(rs.getString("provider")),
                rs.getString("provider_subject"),
                rs.getString("provider_tenant_id"),
                rs.getString("profile_picture_url"),
                rs.getString("locale"),
                opened(open, rs.getBytes("access_token_sealed"), id, "access"),
                opened(open, rs.getBytes("refresh_token_sealed"), id, "refresh"),
                opened(open, rs.getBytes("id_token_sealed"), id, "id"),
                OAuthProviderStore.instant(rs, "access_token_expires_at"),
                scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                OAuthProviderStore.instant(rs, "created_at"),
                OAuthProviderStore.instant(rs, "updated_at"));
    }

    private static String opened(Opener open, byte[] ciphertext, String id, String kind) {
        return ciphertext == null ? null : open.open(ciphertext, id, kind);
    }
}
