package dev.latchkey.oauth;

import dev.latchkey.discovery.ProviderTenants;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the provider tenants an OAuth discovery intermediate session proved, and hands them to discovery (which sits
 * below oauth) as its {@link ProviderTenants.Lookup}.
 */
public final class OAuthDiscoveryTenants implements ProviderTenants.Lookup {
    private final OAuthDiscoveryTenantStore store;

    public OAuthDiscoveryTenants(OAuthDiscoveryTenantStore store) {
        this.store = store;
    }

    /** Remembers the tenants of a discovery intermediate session, inside the caller's transaction. */
    void remember(Handle h, String projectId, String intermediateSessionId, ProviderTenants tenants) {
        if (!tenants.tenantIds().isEmpty()) {
            store.insert(h, projectId, intermediateSessionId, tenants);
        }
    }

    @Override
    public Optional<ProviderTenants> of(Handle h, String projectId, String intermediateSessionId) {
        return store.find(h, projectId, intermediateSessionId);
    }
}
