package dev.latchkey.discovery;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The provider tenants an OAuth discovery login proved (SSO_OAUTH.md §2.3, §2.4): they make organizations with OAuth
 * tenant JIT provisioning {@code eligible_to_join_by_oauth_tenant}, and let the discovery intermediate session join one.
 */
public record ProviderTenants(String provider, List<String> tenantIds) {
    public static final ProviderTenants NONE = new ProviderTenants("", List.of());

    public ProviderTenants {
        tenantIds = List.copyOf(tenantIds);
    }

    /** Where discovery finds the tenants of an intermediate session (the oauth package keeps them; it sits above). */
    public interface Lookup {
        Lookup NONE = (h, projectId, intermediateSessionId) -> Optional.empty();

        Optional<ProviderTenants> of(Handle h, String projectId, String intermediateSessionId);
    }
}
