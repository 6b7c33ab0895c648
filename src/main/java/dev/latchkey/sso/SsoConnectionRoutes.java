package dev.latchkey.sso;

import dev.latchkey.http.Endpoints;
import dev.latchkey.http.FeatureRoutes;
import dev.latchkey.http.Gate;
import dev.latchkey.http.SdkAccess;

/**
 * SSO connection management (SSO_OAUTH.md §1.2): {@code /v1/b2b/sso/...} on the backend, and the browser SDK's
 * {@code /sdk/v1/b2b/sso/...}, which act on the organization of the caller's session. Each is gated by its
 * {@code stytch.sso} action (get, create, update, delete) for a member's session.
 */
public final class SsoConnectionRoutes implements FeatureRoutes {
    private static final String ORG = "/v1/b2b/sso/{organization_id}";
    private static final String SAML = "/v1/b2b/sso/saml/{organization_id}";
    private static final String OIDC = "/v1/b2b/sso/oidc/{organization_id}";
    private static final String EXTERNAL = "/v1/b2b/sso/external/{organization_id}";
    private static final String SDK = "/sdk/v1/b2b/sso";

    private final SsoConnectionAdmin admin;
    private final SamlConnections saml;
    private final OidcConnections oidc;
    private final ExternalConnections external;

    public SsoConnectionRoutes(
            SsoConnectionAdmin admin, SamlConnections saml, OidcConnections oidc, ExternalConnections external) {
        this.admin = admin;
        this.saml = saml;
        this.oidc = oidc;
        this.external = external;
    }

    @Override
    public void declare(Endpoints e) {
        e.get(ORG)
                .sdk(SDK, SdkAccess.MEMBER)
                .gate(sso("get"))
                .to(call -> SsoJson.Connections.of(admin.list(call.project(), call.organizationId())));
        e.delete(ORG + "/connections/{connection_id}")
                .sdk(SDK + "/{connection_id}", SdkAccess.MEMBER)
                .gate(sso("delete"))
                .to(call ->
                        new Deleted(admin.delete(call.project(), call.organizationId(), call.path("connection_id"))));

        e.post(SAML)
                .sdk(SDK + "/saml", SdkAccess.MEMBER)
                .gate(sso("create"))
                .to(call -> new SamlResponse(SsoJson.Saml.of(saml.create(
                        call.project(),
                        call.organizationId(),
                        call.body().string("display_name"),
                        call.body().string("identity_provider")))));
        e.put(SAML + "/connections/{connection_id}")
                .sdk(SDK + "/saml/{connection_id}", SdkAccess.MEMBER)
                .gate(sso("update"))
                .to(call -> new SamlResponse(SsoJson.Saml.of(saml.update(
                        call.project(),
                        call.organizationId(),
                        call.path("connection_id"),
                        SsoRequests.samlUpdate(call.body())))));
        e.put(SAML + "/connections/{connection_id}/url")
                .sdk(SDK + "/saml/{connection_id}/url", SdkAccess.MEMBER)
                .gate(sso("update"))
                .to(call -> new SamlResponse(SsoJson.Saml.of(saml.updateByUrl(
                        call.project(),
                        call.organizationId(),
                        call.path("connection_id"),
                        call.body().requiredString("metadata_url")))));
        e.delete(SAML + "/connections/{connection_id}/verification_certificates/{certificate_id}")
                .sdk(SDK + "/saml/{connection_id}/verification_certificates/{certificate_id}", SdkAccess.MEMBER)
                .gate(sso("delete"))
                .to(call -> new CertificateDeleted(saml.deleteVerificationCertificate(
                        call.project(),
                        call.organizationId(),
                        call.path("connection_id"),
                        call.path("certificate_id"))));
        // The browser SDK's segment is singular, the backend's plural (SSO_OAUTH.md §1.2).
        e.delete(SAML + "/connections/{connection_id}/encryption_private_keys/{private_key_id}")
                .sdk(SDK + "/saml/{connection_id}/encryption_private_key/{private_key_id}", SdkAccess.MEMBER)
                .gate(sso("delete"))
                .to(call -> new KeyDeleted(saml.deleteEncryptionKey(
                        call.project(),
                        call.organizationId(),
                        call.path("connection_id"),
                        call.path("private_key_id"))));

        e.post(OIDC)
                .sdk(SDK + "/oidc", SdkAccess.MEMBER)
                .gate(sso("create"))
                .to(call -> new OidcResponse(
                        SsoJson.Oidc.of(oidc.create(
                                call.project(),
                                call.organizationId(),
                                call.body().string("display_name"),
                                call.body().string("identity_provider"))),
                        null));
        e.put(OIDC + "/connections/{connection_id}")
                .sdk(SDK + "/oidc/{connection_id}", SdkAccess.MEMBER)
                .gate(sso("update"))
                .to(call -> {
                    OidcConnections.Updated u = oidc.update(
                            call.project(),
                            call.organizationId(),
                            call.path("connection_id"),
                            SsoRequests.oidcUpdate(call.body()));
                    return new OidcResponse(
                            SsoJson.Oidc.of(u.connection()), u.warning().isEmpty() ? null : u.warning());
                });
        e.post(EXTERNAL)
                .sdk(SDK + "/external", SdkAccess.MEMBER)
                .gate(sso("create"))
                .to(call -> new ExternalResponse(SsoJson.External.of(external.create(
                        call.project(),
                        call.organizationId(),
                        new ExternalConnections.NewExternal(
                                call.body().requiredString("external_organization_id"),
                                call.body().requiredString("external_connection_id"),
                                call.body().string("display_name"),
                                SsoRequests.roleIds(call.body(), "connection_implicit_role_assignments"),
                                SsoRequests.groupRoles(call.body(), "group_implicit_role_assignments"))))));
        e.put(EXTERNAL + "/connections/{connection_id}")
                .sdk(SDK + "/external/{connection_id}", SdkAccess.MEMBER)
                .gate(sso("update"))
                .to(call -> new ExternalResponse(SsoJson.External.of(external.update(
                        call.project(),
                        call.organizationId(),
                        call.path("connection_id"),
                        call.body().string("display_name"),
                        SsoRequests.roleIds(call.body(), "external_connection_implicit_role_assignments"),
                        SsoRequests.groupRoles(call.body(), "external_group_implicit_role_assignments")))));
    }

    private static Gate sso(String action) {
        return Gate.of(Gate.SSO, action);
    }

    record Deleted(String connectionId) {}

    record CertificateDeleted(String certificateId) {}

    record KeyDeleted(String privateKeyId) {}

    record SamlResponse(SsoJson.Saml connection) {}

    record OidcResponse(SsoJson.Oidc connection, String warning) {}

    record ExternalResponse(SsoJson.External connection) {}
}
