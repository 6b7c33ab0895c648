package dev.latchkey.organization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The fields a create or update request set; null means "not given". */
public record OrganizationChanges(
        String name,
        String slug,
        String logoUrl,
        ObjectNode trustedMetadata,
        String externalId,
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
        List<String> allowedThirdPartyConnectedApps) {}
