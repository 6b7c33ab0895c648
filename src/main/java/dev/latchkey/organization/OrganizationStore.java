package dev.latchkey.organization;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.JsonColumns;
import dev.latchkey.store.SqlFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for organizations. Every statement is filtered by project id. */
public final class OrganizationStore {
    /**
     * The organization's active SSO connections, oldest first, read with it so that every organization object
     * carries them. An external connection is as active as the connection it reuses, whose identity provider it
     * shows. (The table is the sso feature's; organizations only read it, here and in {@link #ssoConnectionIds}.)
     */
    private static final String ACTIVE_SSO_CONNECTIONS =
            """
            (SELECT coalesce(jsonb_agg(jsonb_build_object('connection_id', c.id, 'display_name', c.display_name,
                        'identity_provider', coalesce(x.identity_provider, c.identity_provider))
                        ORDER BY c.created_at, c.id), '[]')::text
               FROM sso_connections c LEFT JOIN sso_connections x ON x.id = c.external_connection_id
              WHERE c.project_id = o.project_id AND c.organization_id = o.id
                AND coalesce(x.status, c.status) = 'active') AS sso_active_connections""";

    private static final String COLUMNS =
            "o.id, o.project_id, o.name, o.slug, o.logo_url, o.external_id, o.trusted_metadata::text AS trusted_metadata,"
                    + " o.settings::text AS settings, o.created_at, o.updated_at,"
                    + " o.rbac_custom_roles::text AS rbac_custom_roles, "
                    + ACTIVE_SSO_CONNECTIONS;

    public void insert(Handle h, Organization o) {
        h.createUpdate(
                        """
                        INSERT INTO organizations (id, project_id, name, slug, logo_url, external_id, trusted_metadata,
                                                   settings, created_at, updated_at)
                        VALUES (:id, :projectId, :name, :slug, :logoUrl, :externalId, CAST(:trusted AS jsonb),
                                CAST(:settings AS jsonb), :createdAt, :updatedAt)""")
                .bind("id", o.id())
                .bind("projectId", o.projectId())
                .bind("name", o.name())
                .bind("slug", o.slug())
                .bind("logoUrl", o.logoUrl())
                .bind("externalId", o.externalId())
                .bind("trusted", JsonColumns.write(o.trustedMetadata()))
                .bind("settings", JsonColumns.write(o.settings()))
                .bind("createdAt", o.createdAt())
                .bind("updatedAt", o.updatedAt())
                .execute();
    }

    public void update(Handle h, Organization o) {
        h.createUpdate(
                        """
                        UPDATE organizations SET name = :name, slug = :slug, logo_url = :logoUrl,
                               external_id = :externalId, trusted_metadata = CAST(:trusted AS jsonb),
                               settings = CAST(:settings AS jsonb), updated_at = :updatedAt
                        WHERE project_id = :projectId AND id = :id""")
                .bind("id", o.id())
                .bind("projectId", o.projectId())
                .bind("name", o.name())
                .bind("slug", o.slug())
                .bind("logoUrl", o.logoUrl())
                .bind("externalId", o.externalId())
                .bind("trusted", JsonColumns.write(o.trustedMetadata()))
                .bind("settings", JsonColumns.write(o.settings()))
                .bind("updatedAt", o.updatedAt())
                .execute();
        Changes.afterCommit(h, new Change(Change.Kind.ORGANIZATION, o.id()));
    }

    /** Deletes an organization and, by cascade, its members. */
    public boolean delete(Handle h, String projectId, String id) {
        Changes.afterCommit(h, new Change(Change.Kind.ORGANIZATION, id));
        return h.createUpdate("DELETE FROM organizations WHERE project_id = :p AND id = :id")
                        .bind("p", projectId)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Finds by id, slug or external id, in that order of precedence (SPEC §0). */
    public Optional<Organization> find(Handle h, String projectId, String idSlugOrExternalId) {
        return h.createQuery(
                        "SELECT " + COLUMNS
                                + """
                         FROM organizations o
                        WHERE o.project_id = :p AND (o.id = :k OR o.slug = :k OR o.external_id = :k)
                        ORDER BY CASE WHEN o.id = :k THEN 0 WHEN o.slug = :k THEN 1 ELSE 2 END
                        LIMIT 1""")
                .bind("p", projectId)
                .bind("k", idSlugOrExternalId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Locks the organization row for the rest of the transaction (serialises updates of one org). */
    public Optional<Organization> findForUpdate(Handle h, String projectId, String id) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = :p AND o.id = :id FOR UPDATE")
                .bind("p", projectId)
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<Organization> findByIds(Handle h, String projectId, Collection<String> ids) {
        return h.createQuery("SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = :p AND o.id = ANY(:ids)")
                .bind("p", projectId)
                .bind("ids", ids.toArray(String[]::new))
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Organizations that let users of one of these provider tenants join (OAuth tenant JIT RESTRICTED to it). */
    public List<Organization> joinableByOAuthTenant(
            Handle h, String projectId, String provider, Collection<String> tenants) {
        return h.createQuery("SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = :p"
                        + " AND o.settings ->> 'oauth_tenant_jit_provisioning' = 'RESTRICTED'"
                        + " AND jsonb_exists_any(o.settings -> 'allowed_oauth_tenants' -> :v, :t)"
                        + " ORDER BY o.created_at, o.id")
                .bind("p", projectId)
                .bind("v", provider)
                .bind("t", tenants.toArray(String[]::new))
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Organizations that let unknown addresses at {@code domain} join (email JIT provisioning RESTRICTED to it). */
    public List<Organization> joinableByDomain(Handle h, String projectId, String domain) {
        return h.createQuery("SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = :p"
                        + " AND o.settings ->> 'email_jit_provisioning' = 'RESTRICTED'"
                        + " AND jsonb_exists(o.settings -> 'email_allowed_domains', :d) ORDER BY o.created_at, o.id")
                .bind("p", projectId)
                .bind("d", domain)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * Whether another organization of the project answers to {@code key} as its id, slug or external id: the three
     * share one namespace, as a lookup tries them in turn (see {@link #find}).
     */
    public boolean keyTaken(Handle h, String projectId, String key, String exceptId) {
        return h.createQuery(
                        """
                        SELECT EXISTS (SELECT 1 FROM organizations WHERE project_id = :p AND id <> :id
                            AND (id = :k OR slug = :k OR external_id = :k))""")
                .bind("p", projectId)
                .bind("k", key)
                .bind("id", exceptId)
                .mapTo(Boolean.class)
                .one();
    }

    /**
     * Serialises the writers of the project's organization keys until the transaction ends: the unique indexes
     * cover each column alone, not a slug against another row's external id.
     */
    public void lockKeys(Handle h, String projectId) {
        h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('organization-keys:' || :p, 0))")
                .bind("p", projectId)
                .mapTo(Integer.class)
                .one();
    }

    /** One page of the project's organizations matching {@code filter}, after {@code after}. */
    public List<Organization> search(Handle h, String projectId, SqlFilter filter, Cursor after, int limit) {
        String seek = after == null ? "" : " AND (o.created_at, o.id) > (:afterAt, :afterId)";
        var q = h.createQuery("SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = :p AND " + filter.sql()
                        + seek + " ORDER BY o.created_at, o.id LIMIT :limit")
                .bind("p", projectId)
                .bind("limit", limit)
                .bindMap(filter.binds());
        if (after != null) {
            q.bind("afterAt", after.createdAt()).bind("afterId", after.id());
        }
        return q.map((rs, ctx) -> map(rs)).list();
    }

    public int count(Handle h, String projectId, SqlFilter filter) {
        return h.createQuery("SELECT count(*) FROM organizations o WHERE o.project_id = :p AND " + filter.sql())
                .bind("p", projectId)
                .bindMap(filter.binds())
                .mapTo(Integer.class)
                .one();
    }

    private static Organization map(ResultSet rs) throws SQLException {
        return new Organization(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getString("logo_url"),
                rs.getString("external_id"),
                JsonColumns.object(rs.getString("trusted_metadata")),
                JsonColumns.read(rs.getString("settings"), OrganizationSettings.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                JsonColumns.read(rs.getString("rbac_custom_roles"), CUSTOM_ROLES),
                JsonColumns.read(rs.getString("sso_active_connections"), ACTIVE_CONNECTIONS));
    }

    private static final TypeReference<List<CustomRole>> CUSTOM_ROLES = new TypeReference<>() {};
    private static final TypeReference<List<ActiveSsoConnection>> ACTIVE_CONNECTIONS = new TypeReference<>() {};

    /** The ids of the organization's SSO connections of every kind and status (to validate settings naming them). */
    public java.util.Set<String> ssoConnectionIds(Handle h, String projectId, String organizationId) {
        return java.util.Set.copyOf(
                h.createQuery("SELECT id FROM sso_connections WHERE project_id = :p AND organization_id = :o")
                        .bind("p", projectId)
                        .bind("o", organizationId)
                        .mapTo(String.class)
                        .list());
    }

    /** Replaces the organization's custom roles (already validated against the project's policy). */
    public void updateCustomRoles(Handle h, String projectId, String id, List<CustomRole> roles, Instant updatedAt) {
        h.createUpdate(
                        """
                        UPDATE organizations SET rbac_custom_roles = CAST(:roles AS jsonb), updated_at = :updatedAt
                        WHERE project_id = :projectId AND id = :id""")
                .bind("projectId", projectId)
                .bind("id", id)
                .bind("roles", JsonColumns.write(roles))
                .bind("updatedAt", updatedAt)
                .execute();
        Changes.afterCommit(h, new Change(Change.Kind.ORGANIZATION, id));
    }
}
