package dev.latchkey.sso;

import java.util.List;
import java.util.Map;

/**
 * The fields of a SAML connection update (SSO_OAUTH.md §1.2); null leaves a field as it is. An empty attribute
 * mapping or role list also leaves it as it is: the official Java SDK sends {@code {}} and {@code []} for every one
 * it was not given (docs/compatibility.md, "Empty lists on update").
 */
public record SamlUpdate(
        String displayName,
        String identityProvider,
        String idpEntityId,
        String idpSsoUrl,
        Map<String, String> attributeMapping,
        String x509Certificate,
        List<String> connectionRoleIds,
        List<GroupRole> groupRoles,
        String alternativeAudienceUri,
        String alternativeAcsUrl,
        String signingPrivateKey,
        String nameidFormat,
        Boolean idpInitiatedAuthDisabled,
        String encryptionPrivateKey,
        Boolean allowGatewayCallback) {}
