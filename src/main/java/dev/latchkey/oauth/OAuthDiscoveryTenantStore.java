package dev.latchkey.oauth;

import dev.latchkey.discovery.ProviderTenants;
import java.util.Arrays;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for the provider tenants of OAuth discovery intermediate sessions ({@link OAuthDiscoveryTenants}). */
public final class OAuthDiscoveryTenantStore {
    void insert(Handle h, String projectId, String intermediateSessionId, ProviderTenants tenants) {
        h.createUpdate("INSERT INTO oauth_discovery_tenants (intermediate_session_id, project_id, provider, tenant_ids)"
                        + " VALUES (:i, :p, :v, :t)")
                .bind("i", intermediateSessionId)
                .bind("p", projectId)
                .bind("v", tenants.provider())
                .bind("t", String.join(" ", tenants.tenantIds()))
                .execute();
    }

    Optional<ProviderTenants> find(Handle h, String projectId, String intermediateSessionId) {
        return h.createQuery("SELECT provider, tenant_ids FROM oauth_discovery_tenants"
                        + " WHERE project_id = :p AND intermediate_session_id = :i")
                .bind("p", projectId)
                .bind("i", intermediateSessionId)
                .map((rs, ctx) -> new ProviderTenants(
                        rs.getString("provider"),
                        Arrays.asList(rs.getString("tenant_ids").split(" "))))
                .findOne();
    }
}
