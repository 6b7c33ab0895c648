package dev.latchkey.organization;

import java.util.List;
import java.util.Map;

/**
 * An organization's policies: who may join, how members authenticate, and which MFA they use. Stored as
 * one JSONB document whose keys are the wire names (SPEC §2.1).
 */
public record OrganizationSettings(
        String ssoDefaultConnectionId,
        String ssoJitProvisioning,
        List<String> ssoJitProvisioningAllowedConnections,
        List<String> emailAllowedDomains,
        String emailJitProvisioning,
        String emailInvites,
        String authMethods,
        List<String> allowedAuthMethods,
        String mfaPolicy,
        String mfaMethods,
        List<String> allowedMfaMethods,
        List<EmailImplicitRoleAssignment> rbacEmailImplicitRoleAssignments,
        String oauthTenantJitProvisioning,
        Map<String, List<String>> allowedOauthTenants,
        List<String> claimedEmailDomains,
        String firstPartyConnectedAppsAllowedType,
        List<String> allowedFirstPartyConnectedApps,
        String thirdPartyConnectedAppsAllowedType,
        List<String> allowedThirdPartyConnectedApps) {

    public static final String ALL_ALLOWED = "ALL_ALLOWED";
    public static final String RESTRICTED = "RESTRICTED";
    public static final String NOT_ALLOWED = "NOT_ALLOWED";
    public static final String OPTIONAL = "OPTIONAL";
    public static final String REQUIRED_FOR_ALL = "REQUIRED_FOR_ALL";

    /** Stytch's defaults for a new organization. */
    public static OrganizationSettings defaults() {
        return new OrganizationSettings(
                null,
                ALL_ALLOWED,
                List.of(),
                List.of(),
                NOT_ALLOWED,
                ALL_ALLOWED,
                ALL_ALLOWED,
                List.of(),
                OPTIONAL,
                ALL_ALLOWED,
                List.of(),
                List.of(),
                NOT_ALLOWED,
                Map.of(),
                List.of(),
                ALL_ALLOWED,
                List.of(),
                ALL_ALLOWED,
                List.of());
    }

    /** Applies the fields a request set; null (and, on update, an empty list or map) leaves a field as it is. */
    public OrganizationSettings with(OrganizationChanges c) {
        return new OrganizationSettings(
                pick(c.ssoDefaultConnectionId(), ssoDefaultConnectionId),
                pick(c.ssoJitProvisioning(), ssoJitProvisioning),
                pick(c.ssoJitProvisioningAllowedConnections(), ssoJitProvisioningAllowedConnections),
                pick(c.emailAllowedDomains(), emailAllowedDomains),
                pick(c.emailJitProvisioning(), emailJitProvisioning),
                pick(c.emailInvites(), emailInvites),
                pick(c.authMethods(), authMethods),
                pick(c.allowedAuthMethods(), allowedAuthMethods),
                pick(c.mfaPolicy(), mfaPolicy),
                pick(c.mfaMethods(), mfaMethods),
                pick(c.allowedMfaMethods(), allowedMfaMethods),
                pick(c.rbacEmailImplicitRoleAssignments(), rbacEmailImplicitRoleAssignments),
                pick(c.oauthTenantJitProvisioning(), oauthTenantJitProvisioning),
                c.allowedOauthTenants() == null || c.allowedOauthTenants().isEmpty()
                        ? allowedOauthTenants
                        : c.allowedOauthTenants(),
                pick(c.claimedEmailDomains(), claimedEmailDomains),
                pick(c.firstPartyConnectedAppsAllowedType(), firstPartyConnectedAppsAllowedType),
                pick(c.allowedFirstPartyConnectedApps(), allowedFirstPartyConnectedApps),
                pick(c.thirdPartyConnectedAppsAllowedType(), thirdPartyConnectedAppsAllowedType),
                pick(c.allowedThirdPartyConnectedApps(), allowedThirdPartyConnectedApps));
    }

    /** These settings with an SSO connection that no longer exists taken out of the default and allowed lists. */
    public OrganizationSettings withoutSsoConnection(String connectionId) {
        return new OrganizationSettings(
                connectionId.equals(ssoDefaultConnectionId) ? null : ssoDefaultConnectionId,
                ssoJitProvisioning,
                ssoJitProvisioningAllowedConnections.stream()
                        .filter(id -> !id.equals(connectionId))
                        .toList(),
                emailAllowedDomains,
                emailJitProvisioning,
                emailInvites,
                authMethods,
                allowedAuthMethods,
                mfaPolicy,
                mfaMethods,
                allowedMfaMethods,
                rbacEmailImplicitRoleAssignments,
                oauthTenantJitProvisioning,
                allowedOauthTenants,
                claimedEmailDomains,
                firstPartyConnectedAppsAllowedType,
                allowedFirstPartyConnectedApps,
                thirdPartyConnectedAppsAllowedType,
                allowedThirdPartyConnectedApps);
    }

    public boolean mfaRequiredForAll() {
        return REQUIRED_FOR_ALL.equals(mfaPolicy);
    }

    private static String pick(String change, String current) {
        return change == null ? current : change;
    }

    // The official Java SDK sends [] for every list it was not given, so an empty list cannot mean
    // "clear" without wiping settings on every update (docs/compatibility.md, "Empty lists on update").
    private static <T> List<T> pick(List<T> change, List<T> current) {
        return change == null || change.isEmpty() ? current : List.copyOf(change);
    }
}
