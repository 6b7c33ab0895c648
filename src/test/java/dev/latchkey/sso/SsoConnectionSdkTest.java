package dev.latchkey.sso;

import static dev.latchkey.testing.Fixtures.error;
import static dev.latchkey.testing.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.api.sso.SSO;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequest;
import com.stytch.java.b2b.models.sso.DeleteConnectionRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsRequest;
import com.stytch.java.b2b.models.sso.GetConnectionsRequestOptions;
import com.stytch.java.b2b.models.sso.GetConnectionsResponse;
import com.stytch.java.b2b.models.sso.OIDCConnection;
import com.stytch.java.b2b.models.sso.SAMLConnection;
import com.stytch.java.b2b.models.ssooidc.CreateConnectionRequestOptions;
import com.stytch.java.b2b.models.ssooidc.UpdateConnectionRequestOptions;
import com.stytch.java.b2b.models.ssooidc.UpdateConnectionResponse;
import com.stytch.java.b2b.models.ssosaml.CreateConnectionRequest;
import com.stytch.java.b2b.models.ssosaml.UpdateConnectionRequest;
import dev.latchkey.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSO connection management through the official Java SDK 11.1.0 ({@code client.getSso()}): create, update, list
 * and delete SAML and OIDC connections, and the {@code pending} → {@code active} transitions (SSO_OAUTH.md §1.2).
 */
class SsoConnectionSdkTest {
    static TestServer server;
    static SSO sso;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sso = server.sdk().getSso();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String organization() {
        String slug = "sso-" + UUID.randomUUID().toString().substring(0, 8);
        return server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        "{\"organization_name\":\"SSO\",\"organization_slug\":\"" + slug + "\"}")
                .at("/organization/organization_id");
    }

    @Test
    void samlConnectionIsPendingUntilCompleteThenActiveAndListedOnTheOrganization() {
        String org = organization();
        SAMLConnection created = ok(sso.getSaml()
                        .createConnectionCompletable(
                                new CreateConnectionRequest(org, "Okta"),
                                new com.stytch.java.b2b.models.ssosaml.CreateConnectionRequestOptions()))
                .getConnection();
        assertThat(created.getConnectionId()).startsWith("saml-connection-test-");
        assertThat(created.getStatus()).isEqualTo("pending");
        assertThat(created.getAcsURL())
                .isEqualTo(
                        server.app.services().publicUrl().resolve("/v1/b2b/sso/callback/" + created.getConnectionId()));
        assertThat(created.getAudienceUri()).isEqualTo(created.getAcsURL());
        assertThat(created.getSigningCertificates()).hasSize(1);
        assertThat(created.getSigningCertificates().get(0).getCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(created.getNameidFormat()).isEqualTo("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");

        SAMLConnection updated = ok(sso.getSaml()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(
                                        org,
                                        created.getConnectionId(),
                                        "https://idp.example/entity",
                                        "Okta prod",
                                        Map.of("email", "NameID", "full_name", "name"),
                                        TestKeys.certificatePem("idp"),
                                        "https://idp.example/sso"),
                                new com.stytch.java.b2b.models.ssosaml.UpdateConnectionRequestOptions()))
                .getConnection();
        assertThat(updated.getStatus()).isEqualTo("active");
        assertThat(updated.getVerificationCertificates()).hasSize(1);
        assertThat(updated.getVerificationCertificates().get(0).getCertificateId())
                .startsWith("saml-verification-key-test-");
        assertThat(updated.getDisplayName()).isEqualTo("Okta prod");

        var viaSdk = ok(server.sdk()
                        .getOrganizations()
                        .getCompletable(new com.stytch.java.b2b.models.organizations.GetRequest(org)))
                .getOrganization();
        assertThat(viaSdk.getSsoActiveConnections()).hasSize(1);
        assertThat(viaSdk.getSsoActiveConnections().get(0).getIdentityProvider())
                .isEqualTo("generic");
        var orgJson = server.call("GET", "/v1/b2b/organizations/" + org, null);
        assertThat(orgJson.json()
                        .at("/organization/sso_active_connections/0/connection_id")
                        .asText())
                .isEqualTo(created.getConnectionId());
        assertThat(orgJson.json()
                        .at("/organization/sso_active_connections/0/display_name")
                        .asText())
                .isEqualTo("Okta prod");
    }

    @Test
    void oidcConnectionWithEveryFieldGivenIsActiveAndReturnsItsSecret() {
        String org = organization();
        OIDCConnection created = ok(sso.getOidc()
                        .createConnectionCompletable(
                                new com.stytch.java.b2b.models.ssooidc.CreateConnectionRequest(org, "Entra"),
                                new CreateConnectionRequestOptions()))
                .getConnection();
        assertThat(created.getConnectionId()).startsWith("oidc-connection-test-");
        assertThat(created.getStatus()).isEqualTo("pending");
        assertThat(created.getRedirectURL())
                .isEqualTo(
                        server.app.services().publicUrl().resolve("/v1/b2b/sso/callback/" + created.getConnectionId()));

        UpdateConnectionResponse updated = ok(sso.getOidc()
                .updateConnectionCompletable(
                        new com.stytch.java.b2b.models.ssooidc.UpdateConnectionRequest(
                                org,
                                created.getConnectionId(),
                                "Entra prod",
                                "client-1",
                                "secret-1",
                                "", // no issuer: nothing to discover
                                "https://idp.example/authorize",
                                "https://idp.example/token",
                                "https://idp.example/userinfo",
                                "https://idp.example/jwks"),
                        new UpdateConnectionRequestOptions()));
        assertThat(updated.getConnection().getStatus()).isEqualTo("pending"); // the issuer is still missing
        assertThat(updated.getConnection().getClientSecret()).isEqualTo("secret-1");

        GetConnectionsResponse all =
                ok(sso.getConnectionsCompletable(new GetConnectionsRequest(org), new GetConnectionsRequestOptions()));
        assertThat(all.getOidcConnections()).hasSize(1);
        assertThat(all.getSamlConnections()).isEmpty();

        var deleted = ok(sso.deleteConnectionCompletable(
                new DeleteConnectionRequest(org, created.getConnectionId()), new DeleteConnectionRequestOptions()));
        assertThat(deleted.getConnectionId()).isEqualTo(created.getConnectionId());
        assertThat(ok(sso.getConnectionsCompletable(new GetConnectionsRequest(org), new GetConnectionsRequestOptions()))
                        .getOidcConnections())
                .isEmpty();
        assertThat(error(sso.deleteConnectionCompletable(
                                new DeleteConnectionRequest(org, created.getConnectionId()),
                                new DeleteConnectionRequestOptions()))
                        .getErrorType())
                .isEqualTo("sso_connection_not_found");
    }

    @Test
    void samlMetadataUrlCertificateDeletionAndEncryptionKeysThroughTheSdk() throws Exception {
        String org = organization();
        String id = ok(sso.getSaml()
                        .createConnectionCompletable(
                                new CreateConnectionRequest(org, "Entra"),
                                new com.stytch.java.b2b.models.ssosaml.CreateConnectionRequestOptions()))
                .getConnection()
                .getConnectionId();
        try (LocalIdp idp = new LocalIdp()) {
            String cert = TestKeys.certificatePem("entra");
            String body = cert.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
            idp.serve(
                    "/federationmetadata.xml",
                    """
                    <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.test/tenant/">
                      <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                        <KeyDescriptor><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
                          <X509Certificate>%s</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
                        <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
                            Location="https://login.test/saml2"/>
                      </IDPSSODescriptor>
                    </EntityDescriptor>
                    """
                            .formatted(body));
            SAMLConnection byUrl = ok(sso.getSaml()
                            .updateByURLCompletable(
                                    new com.stytch.java.b2b.models.ssosaml.UpdateByURLRequest(
                                            org, id, idp.url("/federationmetadata.xml")),
                                    new com.stytch.java.b2b.models.ssosaml.UpdateByURLRequestOptions()))
                    .getConnection();
            assertThat(byUrl.getIdpEntityId()).isEqualTo("https://sts.test/tenant/");
            assertThat(byUrl.getIdpSSOURL()).isEqualTo("https://login.test/saml2"); // no Redirect binding: POST's
            assertThat(byUrl.getVerificationCertificates()).hasSize(1);
        }

        SAMLConnection two = ok(sso.getSaml()
                        .updateConnectionCompletable(
                                new UpdateConnectionRequest(
                                        org,
                                        id,
                                        null,
                                        null,
                                        Map.of(),
                                        TestKeys.certificatePem("rotated"),
                                        null,
                                        List.of(),
                                        List.of(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        TestKeys.pkcs1Pem(TestKeys.rsa(2048))),
                                new com.stytch.java.b2b.models.ssosaml.UpdateConnectionRequestOptions()))
                .getConnection();
        assertThat(two.getVerificationCertificates()).hasSize(2);
        assertThat(two.getEncryptionPrivateKeys()).hasSize(1);
        assertThat(two.getEncryptionPrivateKeys().get(0).getPrivateKey()).isEmpty();

        String old = two.getVerificationCertificates().get(0).getCertificateId();
        assertThat(ok(sso.getSaml()
                                .deleteVerificationCertificateCompletable(
                                        new com.stytch.java.b2b.models.ssosaml.DeleteVerificationCertificateRequest(
                                                org, id, old),
                                        new com.stytch.java.b2b.models.ssosaml
                                                .DeleteVerificationCertificateRequestOptions()))
                        .getCertificateId())
                .isEqualTo(old);
        String last = two.getVerificationCertificates().get(1).getCertificateId();
        assertThat(error(sso.getSaml()
                                .deleteVerificationCertificateCompletable(
                                        new com.stytch.java.b2b.models.ssosaml.DeleteVerificationCertificateRequest(
                                                org, id, last),
                                        new com.stytch.java.b2b.models.ssosaml
                                                .DeleteVerificationCertificateRequestOptions()))
                        .getErrorType())
                .isEqualTo("cannot_delete_last_sso_verification_key");
        String keyId = two.getEncryptionPrivateKeys().get(0).getPrivateKeyId();
        assertThat(ok(sso.getSaml()
                                .deleteEncryptionPrivateKeyCompletable(
                                        new com.stytch.java.b2b.models.ssosaml.DeleteEncryptionPrivateKeyRequest(
                                                org, id, keyId),
                                        new com.stytch.java.b2b.models.ssosaml
                                                .DeleteEncryptionPrivateKeyRequestOptions()))
                        .getPrivateKeyId())
                .isEqualTo(keyId);
    }

    @Test
    void oidcDiscoveryFailureIsTheSdkResponsesWarning() {
        String org = organization();
        String id = ok(sso.getOidc()
                        .createConnectionCompletable(
                                new com.stytch.java.b2b.models.ssooidc.CreateConnectionRequest(org),
                                new CreateConnectionRequestOptions()))
                .getConnection()
                .getConnectionId();
        try (LocalIdp idp = new LocalIdp()) {
            UpdateConnectionResponse r = ok(sso.getOidc()
                    .updateConnectionCompletable(
                            new com.stytch.java.b2b.models.ssooidc.UpdateConnectionRequest(
                                    org, id, null, null, null, idp.url("/gone")),
                            new UpdateConnectionRequestOptions()));
            assertThat(r.getWarning()).contains("discovery failed");
            assertThat(r.getConnection().getIssuer()).isEqualTo(idp.url("/gone"));
        }
    }

    @Test
    void externalConnectionsThroughTheSdk() {
        String owner = organization();
        String user = organization();
        String source = ok(sso.getSaml()
                        .createConnectionCompletable(
                                new CreateConnectionRequest(owner, "Shared Okta"),
                                new com.stytch.java.b2b.models.ssosaml.CreateConnectionRequestOptions()))
                .getConnection()
                .getConnectionId();
        var created = ok(server.sdk()
                        .getSso()
                        .getExternal()
                        .createConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequest(
                                        user,
                                        owner,
                                        source,
                                        null,
                                        List.of(new com.stytch.java.b2b.models.sso.SAMLConnectionImplicitRoleAssignment(
                                                "stytch_admin")),
                                        List.of()),
                                new com.stytch.java.b2b.models.ssoexternal.CreateConnectionRequestOptions()))
                .getConnection();
        assertThat(created.getConnectionId()).startsWith("external-connection-test-");
        assertThat(created.getExternalConnectionId()).isEqualTo(source);
        assertThat(created.getDisplayName()).isEqualTo("Shared Okta");
        assertThat(created.getExternalConnectionImplicitRoleAssignments()).hasSize(1);

        var updated = ok(server.sdk()
                        .getSso()
                        .getExternal()
                        .updateConnectionCompletable(
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequest(
                                        user, created.getConnectionId(), "Partner", List.of(), List.of()),
                                new com.stytch.java.b2b.models.ssoexternal.UpdateConnectionRequestOptions()))
                .getConnection();
        assertThat(updated.getDisplayName()).isEqualTo("Partner");
        assertThat(updated.getExternalConnectionImplicitRoleAssignments()).hasSize(1); // [] leaves them
        GetConnectionsResponse all =
                ok(sso.getConnectionsCompletable(new GetConnectionsRequest(user), new GetConnectionsRequestOptions()));
        assertThat(all.getExternalConnections()).hasSize(1);
    }
}
