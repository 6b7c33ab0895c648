package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.RoleCatalog;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * External connections (SSO_OAUTH.md §1.1): an organization signs its members in through a SAML or OIDC connection
 * that another organization of the same project owns, with role assignments of its own. Reusing a connection is the
 * reusing organization's decision: it trusts that IdP for its own members and grants nothing in the owner's
 * organization. Deleting the owner's connection deletes the external connections built on it.
 */
public final class ExternalConnections {
    private final Database db;
    private final OrganizationService organizations;
    private final RoleCatalog roles;
    private final SsoConnectionStore store;
    private final SsoConnections connections;
    private final Clock clock;

    public ExternalConnections(
            Database db,
            OrganizationService organizations,
            RoleCatalog roles,
            SsoConnectionStore store,
            SsoConnections connections,
            Clock clock) {
        this.db = db;
        this.organizations = organizations;
        this.roles = roles;
        this.store = store;
        this.connections = connections;
        this.clock = clock;
    }

    /** What an external connection is made of. Null lists mean none. */
    public record NewExternal(
            String externalOrganizationId,
            String externalConnectionId,
            String displayName,
            List<String> connectionRoleIds,
            List<GroupRole> groupRoles) {}

    /**
     * A connection of {@code organizationKey} reusing another organization's SAML or OIDC connection. Raises
     * {@code organization_not_found}, {@code external_connection_id_not_found} (the connection is not the named
     * organization's, is itself external, or is this organization's own), {@code duplicate_external_sso_connection},
     * and {@code invalid_role}; role assignments on an OIDC connection are {@code invalid_request_value}.
     */
    public ExternalConnection create(Project project, String organizationKey, NewExternal n) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            Organization owner = organizations
                    .find(h, project, n.externalOrganizationId())
                    .orElseThrow(() -> sourceNotFound(n.externalConnectionId()));
            StoredConnection source = store.find(h, project.id(), n.externalConnectionId())
                    .filter(c -> c.organizationId().equals(owner.id()))
                    .filter(c -> !StoredConnection.EXTERNAL.equals(c.kind()))
                    .filter(c -> !c.organizationId().equals(org.id()))
                    .orElseThrow(() -> sourceNotFound(n.externalConnectionId()));
            boolean exists = store.ofOrganization(h, project.id(), org.id()).stream()
                    .anyMatch(c -> source.id().equals(c.externalConnectionId()));
            if (exists) {
                throw new ApiException(
                        ErrorType.DUPLICATE_EXTERNAL_SSO_CONNECTION,
                        "This organization already has an external connection to " + source.id() + ".");
            }
            List<String> roleIds = n.connectionRoleIds() == null ? List.of() : n.connectionRoleIds();
            List<GroupRole> groupRoles = n.groupRoles() == null ? List.of() : n.groupRoles();
            checkRoles(h, project, org, source, roleIds, groupRoles);
            SsoRules.roomForOneMore(store.lockAndCount(h, project.id(), org.id()));
            Instant now = now();
            String id = project.newId("external-connection");
            String name = n.displayName() == null || n.displayName().isEmpty()
                    ? source.displayName()
                    : SsoRules.displayName(n.displayName());
            ConnectionDraft d = new ConnectionDraft(StoredConnection.pending(
                    id, project.id(), org.id(), StoredConnection.EXTERNAL, name, source.identityProvider(), now));
            d.externalOrganizationId = owner.id();
            d.externalConnectionId = source.id();
            d.connectionRoleIds = List.copyOf(roleIds);
            d.groupRoles = List.copyOf(groupRoles);
            store.insert(h, d.build());
            return reload(h, project, id);
        });
    }

    /**
     * Changes the display name and role assignments; an empty list leaves them as they are (the Java SDK sends
     * {@code []} for lists it was not given). Raises {@code sso_connection_not_found} and {@code invalid_role}.
     */
    public ExternalConnection update(
            Project project,
            String organizationKey,
            String connectionId,
            String displayName,
            List<String> connectionRoleIds,
            List<GroupRole> groupRoles) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            StoredConnection row = store.findForUpdate(h, project.id(), org.id(), connectionId)
                    .filter(c -> StoredConnection.EXTERNAL.equals(c.kind()))
                    .orElseThrow(() -> SsoConnections.notFound(ErrorType.SSO_CONNECTION_NOT_FOUND, connectionId));
            ConnectionDraft d = new ConnectionDraft(row);
            if (displayName != null) {
                d.displayName = SsoRules.displayName(displayName);
            }
            if (connectionRoleIds != null && !connectionRoleIds.isEmpty()) {
                d.connectionRoleIds = List.copyOf(connectionRoleIds);
            }
            if (groupRoles != null && !groupRoles.isEmpty()) {
                d.groupRoles = List.copyOf(groupRoles);
            }
            StoredConnection source =
                    store.find(h, project.id(), row.externalConnectionId()).orElseThrow();
            // only the assignments being set are checked, as for SAML connections
            checkRoles(
                    h,
                    project,
                    org,
                    source,
                    connectionRoleIds == null ? List.of() : connectionRoleIds,
                    groupRoles == null ? List.of() : groupRoles);
            d.updatedAt = now();
            // the stored status and identity provider of an external row are unused: they follow the source's
            d.status = SsoConnection.PENDING;
            d.identityProvider = source.identityProvider();
            store.update(h, d.build());
            return reload(h, project, row.id());
        });
    }

    /** Role assignments name this organization's roles, and exist only on SAML (SSO_OAUTH.md §1.1, §1.7). */
    private void checkRoles(
            Handle h,
            Project project,
            Organization org,
            StoredConnection source,
            List<String> roleIds,
            List<GroupRole> groupRoles) {
        if (roleIds.isEmpty() && groupRoles.isEmpty()) {
            return;
        }
        if (StoredConnection.OIDC.equals(source.kind())) {
            throw new ApiException(
                    ErrorType.INVALID_REQUEST_VALUE,
                    "Role assignments are not supported on an external connection to an OIDC connection.");
        }
        SsoRules.knownRoles(roles.roleIds(h, project, org), roleIds, groupRoles);
    }

    private ExternalConnection reload(Handle h, Project project, String id) {
        return (ExternalConnection) connections.find(h, project, id).orElseThrow();
    }

    private static ApiException sourceNotFound(String connectionId) {
        return new ApiException(
                ErrorType.EXTERNAL_CONNECTION_ID_NOT_FOUND,
                "external_connection_id " + connectionId + " is not a SAML or OIDC connection of that organization.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
