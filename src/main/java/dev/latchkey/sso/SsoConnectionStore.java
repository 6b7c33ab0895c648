package dev.latchkey.sso;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.store.Change;
import dev.latchkey.store.Changes;
import dev.latchkey.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for SSO connections ({@code sso_connections}; their certificates are {@link SsoCertificateStore}'s). Every
 * statement is filtered by project id. Each write also tells
 * the caches that the organization changed, as its {@code sso_active_connections} may have.
 */
public final class SsoConnectionStore {
    // An external connection shows the status and identity provider of the connection it reuses.
    private static final String SELECT =
            """
            SELECT c.id, c.project_id, c.organization_id, c.kind,
                   CASE WHEN c.kind = 'external' THEN x.status ELSE c.status END AS status,
                   c.display_name,
                   CASE WHEN c.kind = 'external' THEN x.identity_provider ELSE c.identity_provider END
                       AS identity_provider,
                   c.attribute_mapping::text AS attribute_mapping, c.idp_entity_id, c.idp_sso_url,
                   c.alternative_audience_uri, c.alternative_acs_url, c.nameid_format, c.idp_initiated_auth_disabled,
                   c.allow_gateway_callback, c.connection_role_assignments::text AS connection_role_assignments,
                   c.group_role_assignments::text AS group_role_assignments, c.issuer, c.client_id,
                   c.client_secret_sealed, c.authorization_url, c.token_url, c.userinfo_url, c.jwks_url,
                   c.custom_scopes, c.external_organization_id, c.external_connection_id, c.created_at, c.updated_at
              FROM sso_connections c LEFT JOIN sso_connections x ON x.id = c.external_connection_id
            """;
    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};
    private static final TypeReference<List<RoleRef>> ROLES = new TypeReference<>() {};
    private static final TypeReference<List<GroupRole>> GROUP_ROLES = new TypeReference<>() {};

    /** {@code {role_id}}, as the connection-wide role assignments are stored. */
    private record RoleRef(String roleId) {}

    public void insert(Handle h, StoredConnection c) {
        h.createUpdate(
                        """
                        INSERT INTO sso_connections (id, project_id, organization_id, kind, status, display_name,
                            identity_provider, nameid_format, external_organization_id, external_connection_id,
                            connection_role_assignments, group_role_assignments, created_at, updated_at)
                        VALUES (:id, :p, :o, :kind, :status, :displayName, :idp, :nameid, :extOrg, :extConn,
                            CAST(:roles AS jsonb), CAST(:groupRoles AS jsonb), :createdAt, :updatedAt)""")
                .bind("id", c.id())
                .bind("p", c.projectId())
                .bind("o", c.organizationId())
                .bind("kind", c.kind())
                .bind("status", c.status())
                .bind("displayName", c.displayName())
                .bind("idp", c.identityProvider())
                .bind("nameid", c.nameidFormat())
                .bind("extOrg", c.externalOrganizationId())
                .bind("extConn", c.externalConnectionId())
                .bind("roles", JsonColumns.write(roleRefs(c.connectionRoleIds())))
                .bind("groupRoles", JsonColumns.write(c.groupRoles()))
                .bind("createdAt", c.createdAt())
                .bind("updatedAt", c.updatedAt())
                .execute();
        changed(h, c.organizationId());
    }

    /** Writes every changeable column of the connection. */
    public void update(Handle h, StoredConnection c) {
        h.createUpdate(
                        """
                        UPDATE sso_connections SET status = :status, display_name = :displayName,
                               identity_provider = :idp, attribute_mapping = CAST(:mapping AS jsonb),
                               idp_entity_id = :entityId, idp_sso_url = :ssoUrl,
                               alternative_audience_uri = :altAudience, alternative_acs_url = :altAcs,
                               nameid_format = :nameid, idp_initiated_auth_disabled = :idpInitDisabled,
                               allow_gateway_callback = :gateway,
                               connection_role_assignments = CAST(:roles AS jsonb),
                               group_role_assignments = CAST(:groupRoles AS jsonb), issuer = :issuer,
                               client_id = :clientId, client_secret_sealed = :secret,
                               authorization_url = :authUrl, token_url = :tokenUrl, userinfo_url = :userinfoUrl,
                               jwks_url = :jwksUrl, custom_scopes = :scopes, updated_at = :updatedAt
                         WHERE project_id = :p AND id = :id""")
                .bind("id", c.id())
                .bind("p", c.projectId())
                .bind("status", c.status())
                .bind("displayName", c.displayName())
                .bind("idp", c.identityProvider())
                .bind("mapping", JsonColumns.write(c.attributeMapping()))
                .bind("entityId", c.idpEntityId())
                .bind("ssoUrl", c.idpSsoUrl())
                .bind("altAudience", c.alternativeAudienceUri())
                .bind("altAcs", c.alternativeAcsUrl())
                .bind("nameid", c.nameidFormat())
                .bind("idpInitDisabled", c.idpInitiatedAuthDisabled())
                .bind("gateway", c.allowGatewayCallback())
                .bind("roles", JsonColumns.write(roleRefs(c.connectionRoleIds())))
                .bind("groupRoles", JsonColumns.write(c.groupRoles()))
                .bind("issuer", c.issuer())
                .bind("clientId", c.clientId())
                .bind("secret", c.clientSecretSealed())
                .bind("authUrl", c.authorizationUrl())
                .bind("tokenUrl", c.tokenUrl())
                .bind("userinfoUrl", c.userinfoUrl())
                .bind("jwksUrl", c.jwksUrl())
                .bind("scopes", c.customScopes())
                .bind("updatedAt", c.updatedAt())
                .execute();
        changed(h, c.organizationId());
        for (String dependent : dependentOrganizations(h, c.projectId(), c.id())) {
            changed(h, dependent);
        }
    }

    /** The project a connection id belongs to: ids are random, so unique across projects. */
    public Optional<String> projectIdOf(Handle h, String id) {
        return h.createQuery("SELECT project_id FROM sso_connections WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne();
    }

    public Optional<StoredConnection> find(Handle h, String projectId, String id) {
        return h.createQuery(SELECT + " WHERE c.project_id = :p AND c.id = :id")
                .bind("p", projectId)
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /**
     * The connection with this id in this organization, its row locked until the transaction ends, so that two
     * updates of one connection (and its certificate count) run one after the other.
     */
    public Optional<StoredConnection> findForUpdate(Handle h, String projectId, String organizationId, String id) {
        boolean exists = h.createQuery(
                        "SELECT 1 FROM sso_connections WHERE project_id = :p AND organization_id = :o AND id = :id"
                                + " FOR UPDATE")
                .bind("p", projectId)
                .bind("o", organizationId)
                .bind("id", id)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
        return exists ? find(h, projectId, id) : Optional.empty();
    }

    /** The organization's connections, oldest first. */
    public List<StoredConnection> ofOrganization(Handle h, String projectId, String organizationId) {
        return h.createQuery(SELECT + " WHERE c.project_id = :p AND c.organization_id = :o ORDER BY c.created_at, c.id")
                .bind("p", projectId)
                .bind("o", organizationId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * Locks the organization's set of connections until the transaction ends and counts them, so that concurrent
     * creates cannot pass the per-organization limit together.
     */
    public int lockAndCount(Handle h, String projectId, String organizationId) {
        h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('sso-connections:' || :o, 0))")
                .bind("o", organizationId)
                .mapTo(Integer.class)
                .one();
        return h.createQuery("SELECT count(*) FROM sso_connections WHERE project_id = :p AND organization_id = :o")
                .bind("p", projectId)
                .bind("o", organizationId)
                .mapTo(Integer.class)
                .one();
    }

    /** Deletes the connection; its certificates and the external connections that reuse it go with it. */
    public boolean delete(Handle h, String projectId, String organizationId, String id) {
        for (String dependent : dependentOrganizations(h, projectId, id)) {
            changed(h, dependent);
        }
        changed(h, organizationId);
        return h.createUpdate("DELETE FROM sso_connections WHERE project_id = :p AND organization_id = :o AND id = :id")
                        .bind("p", projectId)
                        .bind("o", organizationId)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** The organizations whose external connections reuse this connection. */
    public List<String> dependentOrganizations(Handle h, String projectId, String connectionId) {
        return h.createQuery("SELECT DISTINCT organization_id FROM sso_connections WHERE project_id = :p"
                        + " AND external_connection_id = :id")
                .bind("p", projectId)
                .bind("id", connectionId)
                .mapTo(String.class)
                .list();
    }

    /** The ids of the external connections that reuse this connection, with their organizations. */
    public List<Map.Entry<String, String>> dependents(Handle h, String projectId, String connectionId) {
        return h.createQuery("SELECT id, organization_id FROM sso_connections WHERE project_id = :p"
                        + " AND external_connection_id = :id")
                .bind("p", projectId)
                .bind("id", connectionId)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("organization_id")))
                .list();
    }

    private static void changed(Handle h, String organizationId) {
        Changes.afterCommit(h, new Change(Change.Kind.ORGANIZATION, organizationId));
    }

    private static List<RoleRef> roleRefs(List<String> roleIds) {
        return roleIds.stream().map(RoleRef::new).toList();
    }

    private static StoredConnection map(ResultSet rs) throws SQLException {
        return new StoredConnection(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("organization_id"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getString("display_name"),
                rs.getString("identity_provider"),
                JsonColumns.read(rs.getString("attribute_mapping"), MAPPING),
                rs.getString("idp_entity_id"),
                rs.getString("idp_sso_url"),
                rs.getString("alternative_audience_uri"),
                rs.getString("alternative_acs_url"),
                rs.getString("nameid_format"),
                rs.getBoolean("idp_initiated_auth_disabled"),
                rs.getBoolean("allow_gateway_callback"),
                JsonColumns.read(rs.getString("connection_role_assignments"), ROLES).stream()
                        .map(RoleRef::roleId)
                        .toList(),
                JsonColumns.read(rs.getString("group_role_assignments"), GROUP_ROLES),
                rs.getString("issuer"),
                rs.getString("client_id"),
                rs.getBytes("client_secret_sealed"),
                rs.getString("authorization_url"),
                rs.getString("token_url"),
                rs.getString("userinfo_url"),
                rs.getString("jwks_url"),
                rs.getString("custom_scopes"),
                rs.getString("external_organization_id"),
                rs.getString("external_connection_id"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
