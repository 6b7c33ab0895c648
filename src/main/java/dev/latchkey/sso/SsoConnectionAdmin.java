package dev.latchkey.sso;

import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.util.List;
import java.util.Map;

/**
 * The calls on an organization's connections of every kind (SSO_OAUTH.md §1.2): list them, delete one. Deleting a
 * connection also deletes the external connections that reuse it, and takes each deleted connection out of its
 * organization's {@code sso_default_connection_id} and {@code sso_jit_provisioning_allowed_connections}.
 */
public final class SsoConnectionAdmin {
    private final Database db;
    private final OrganizationService organizations;
    private final SsoConnectionStore store;
    private final SsoConnections connections;

    public SsoConnectionAdmin(
            Database db, OrganizationService organizations, SsoConnectionStore store, SsoConnections connections) {
        this.db = db;
        this.organizations = organizations;
        this.store = store;
        this.connections = connections;
    }

    /** The organization's connections, oldest first. Raises {@code organization_not_found}. */
    public List<SsoConnection> list(Project project, String organizationKey) {
        return db.withHandle(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            return connections.ofOrganization(h, project, org.id());
        });
    }

    /**
     * Deletes the organization's connection; returns its id. Raises {@code sso_connection_not_found}, also for a
     * connection of another organization.
     */
    public String delete(Project project, String organizationKey, String connectionId) {
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            StoredConnection row = store.findForUpdate(h, project.id(), org.id(), connectionId)
                    .orElseThrow(() -> SsoConnections.notFound(ErrorType.SSO_CONNECTION_NOT_FOUND, connectionId));
            for (Map.Entry<String, String> dependent : store.dependents(h, project.id(), row.id())) {
                organizations.forgetSsoConnection(h, project, dependent.getValue(), dependent.getKey());
            }
            store.delete(h, project.id(), org.id(), row.id());
            organizations.forgetSsoConnection(h, project, org.id(), row.id());
            return row.id();
        });
    }
}
