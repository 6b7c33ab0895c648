package dev.latchkey.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of SSO connections (SSO_OAUTH.md §1.1), with "" and [] rather than null for values not set, as the
 * official Java SDK requires. Private keys are never shown: Latchkey's SP signing key appears only as its
 * certificate, and an encryption key's {@code private_key} is "" (docs/compatibility.md).
 */
final class SsoJson {
    private SsoJson() {}

    record Certificate(
            String certificateId,
            String certificate,
            String issuer,
            Instant createdAt,
            Instant expiresAt,
            Instant updatedAt) {
        static Certificate of(SsoCertificate c) {
            return new Certificate(c.id(), c.pem(), c.issuer(), c.createdAt(), c.expiresAt(), c.createdAt());
        }
    }

    record EncryptionPrivateKey(String privateKeyId, String privateKey, Instant createdAt) {
        static EncryptionPrivateKey of(EncryptionKey k) {
            return new EncryptionPrivateKey(k.id(), "", k.createdAt());
        }
    }

    record RoleAssignment(String roleId) {}

    record Saml(
            String organizationId,
            String connectionId,
            String status,
            String idpEntityId,
            String displayName,
            String idpSsoUrl,
            String acsUrl,
            String audienceUri,
            List<Certificate> signingCertificates,
            List<Certificate> verificationCertificates,
            List<EncryptionPrivateKey> encryptionPrivateKeys,
            List<EncryptionPrivateKey> samlEncryptionPrivateKeys,
            List<RoleAssignment> samlConnectionImplicitRoleAssignments,
            List<GroupRole> samlGroupImplicitRoleAssignments,
            String alternativeAudienceUri,
            String identityProvider,
            String nameidFormat,
            String alternativeAcsUrl,
            boolean idpInitiatedAuthDisabled,
            boolean allowGatewayCallback,
            Map<String, String> attributeMapping) {
        static Saml of(SamlConnection c) {
            // Both names of the encryption keys: the Node types say one, the browser SDK the other (§1.1).
            List<EncryptionPrivateKey> keys =
                    c.encryptionKeys().stream().map(EncryptionPrivateKey::of).toList();
            return new Saml(
                    c.organizationId(),
                    c.connectionId(),
                    c.status(),
                    c.idpEntityId(),
                    c.displayName(),
                    c.idpSsoUrl(),
                    c.acsUrl(),
                    c.audienceUri(),
                    c.signingCertificate() == null ? List.of() : List.of(Certificate.of(c.signingCertificate())),
                    c.verificationKeys().stream().map(Certificate::of).toList(),
                    keys,
                    keys,
                    c.connectionImplicitRoleIds().stream()
                            .map(RoleAssignment::new)
                            .toList(),
                    c.groupImplicitRoles(),
                    c.alternativeAudienceUri(),
                    c.identityProvider(),
                    c.nameidFormat(),
                    c.alternativeAcsUrl(),
                    c.idpInitiatedAuthDisabled(),
                    c.allowGatewayCallback(),
                    c.attributeMapping());
        }
    }

    /** Stytch returns the client secret in the connection (the Node SDK's OIDCConnection has it), so Latchkey does. */
    record Oidc(
            String organizationId,
            String connectionId,
            String status,
            String displayName,
            String redirectUrl,
            String clientId,
            String clientSecret,
            String issuer,
            String authorizationUrl,
            String tokenUrl,
            String userinfoUrl,
            String jwksUrl,
            String identityProvider,
            String customScopes,
            Map<String, String> attributeMapping) {
        static Oidc of(OidcConnection c) {
            return new Oidc(
                    c.organizationId(),
                    c.connectionId(),
                    c.status(),
                    c.displayName(),
                    c.redirectUrl(),
                    c.clientId(),
                    c.clientSecret(),
                    c.issuer(),
                    c.authorizationUrl(),
                    c.tokenUrl(),
                    c.userinfoUrl(),
                    c.jwksUrl(),
                    c.identityProvider(),
                    c.customScopes(),
                    c.attributeMapping());
        }
    }

    record External(
            String organizationId,
            String connectionId,
            String externalOrganizationId,
            String externalConnectionId,
            String displayName,
            String status,
            List<RoleAssignment> externalConnectionImplicitRoleAssignments,
            List<GroupRole> externalGroupImplicitRoleAssignments) {
        static External of(ExternalConnection c) {
            return new External(
                    c.organizationId(),
                    c.connectionId(),
                    c.externalOrganizationId(),
                    c.externalConnectionId(),
                    c.displayName(),
                    c.status(),
                    c.connectionImplicitRoleIds().stream()
                            .map(RoleAssignment::new)
                            .toList(),
                    c.groupImplicitRoles());
        }
    }

    /** {@code GET /v1/b2b/sso/{organization_id}}: the connections by kind. */
    record Connections(List<Saml> samlConnections, List<Oidc> oidcConnections, List<External> externalConnections) {
        static Connections of(List<SsoConnection> all) {
            return new Connections(
                    all.stream()
                            .filter(SamlConnection.class::isInstance)
                            .map(c -> Saml.of((SamlConnection) c))
                            .toList(),
                    all.stream()
                            .filter(OidcConnection.class::isInstance)
                            .map(c -> Oidc.of((OidcConnection) c))
                            .toList(),
                    all.stream()
                            .filter(ExternalConnection.class::isInstance)
                            .map(c -> External.of((ExternalConnection) c))
                            .toList());
        }
    }
}
