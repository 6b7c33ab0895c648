package dev.latchkey.organization;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * OAuth tenant JIT provisioning (SSO_OAUTH.md §2.4): with {@code oauth_tenant_jit_provisioning: RESTRICTED}, a user
 * whose provider tenant (Slack team, HubSpot hub, GitHub organization) is listed in {@code allowed_oauth_tenants} for
 * that provider may join.
 */
public final class OAuthTenantPolicy {
    private OAuthTenantPolicy() {}

    /** True when the organization restricts tenant JIT to a list (whether or not it lists these tenants). */
    public static boolean isRestricted(Organization org) {
        return OrganizationSettings.RESTRICTED.equals(org.settings().oauthTenantJitProvisioning());
    }

    /** The first of {@code tenants} that lets its user join {@code org} through {@code provider}, if any. */
    public static Optional<String> allowedTenant(Organization org, String provider, Collection<String> tenants) {
        if (!isRestricted(org) || org.settings().allowedOauthTenants() == null) {
            return Optional.empty();
        }
        List<String> allowed = org.settings().allowedOauthTenants().getOrDefault(provider, List.of());
        return tenants.stream().filter(allowed::contains).findFirst();
    }
}
