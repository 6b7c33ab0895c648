package dev.latchkey.discovery;

import dev.latchkey.member.Member;
import dev.latchkey.mfa.MfaRequired;
import dev.latchkey.mfa.PrimaryRequired;
import dev.latchkey.organization.Organization;
import java.util.Map;

/**
 * An organization an email address may enter (SPEC §2.6): by membership ({@code active_member},
 * {@code pending_member}, {@code invited_member}), because its domain may join
 * ({@code eligible_to_join_by_email_domain}, {@code member} null) or because an OAuth tenant of the user may
 * ({@code eligible_to_join_by_oauth_tenant}, {@code tenant} the one that matched), and what entering it would still
 * need.
 */
public record DiscoveredOrganization(
        Organization organization,
        String membershipType,
        String domain,
        Member member,
        boolean memberAuthenticated,
        PrimaryRequired primaryRequired,
        MfaRequired mfaRequired,
        ProviderTenants tenant) {

    /** A discovered organization without a tenant. */
    public DiscoveredOrganization(
            Organization organization,
            String membershipType,
            String domain,
            Member member,
            boolean memberAuthenticated,
            PrimaryRequired primaryRequired,
            MfaRequired mfaRequired) {
        this(organization, membershipType, domain, member, memberAuthenticated, primaryRequired, mfaRequired, null);
    }

    /** {@code membership.details}: {@code {domain}}, {@code {provider, tenant}}, or null. */
    public Map<String, String> details() {
        if (domain != null) {
            return Map.of("domain", domain);
        }
        if (tenant != null && !tenant.tenantIds().isEmpty()) {
            return Map.of(
                    "provider", tenant.provider(), "tenant", tenant.tenantIds().getFirst());
        }
        return null;
    }
}
