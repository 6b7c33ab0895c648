package dev.latchkey.sso;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A SAML connection: what the IdP told the admin ({@code idpEntityId}, {@code idpSsoUrl}, its verification
 * certificates), what Latchkey told the IdP ({@code acsUrl}, {@code audienceUri}, the SP signing certificate), how
 * assertion attributes map to member fields, and the roles a sign-in through it grants (§1.7).
 * {@code spSigningKey} and the encryption keys are opened from their sealed form.
 */
public record SamlConnection(
        String projectId,
        String organizationId,
        String connectionId,
        String status,
        String displayName,
        String identityProvider,
        String idpEntityId,
        String idpSsoUrl,
        String acsUrl,
        String audienceUri,
        String alternativeAudienceUri,
        String alternativeAcsUrl,
        String nameidFormat,
        boolean idpInitiatedAuthDisabled,
        Map<String, String> attributeMapping,
        List<X509Certificate> verificationCertificates,
        PrivateKey spSigningKey,
        X509Certificate spSigningCertificate,
        List<String> connectionImplicitRoleIds,
        List<GroupRole> groupImplicitRoles,
        boolean allowGatewayCallback,
        List<SsoCertificate> verificationKeys,
        SsoCertificate signingCertificate,
        List<EncryptionKey> encryptionKeys)
        implements SsoConnection {

    /** The default NameID format (SSO_OAUTH.md §1.1). */
    public static final String EMAIL_NAMEID_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    public SamlConnection {
        attributeMapping = Map.copyOf(attributeMapping);
        verificationCertificates = List.copyOf(verificationCertificates);
        connectionImplicitRoleIds = List.copyOf(connectionImplicitRoleIds);
        groupImplicitRoles = List.copyOf(groupImplicitRoles);
        verificationKeys = List.copyOf(verificationKeys);
        encryptionKeys = List.copyOf(encryptionKeys);
    }
}
