package dev.latchkey.sso;

import static dev.latchkey.testing.Flows.fails;
import static dev.latchkey.testing.Flows.json;
import static dev.latchkey.testing.Flows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.Flows;
import dev.latchkey.testing.Tables;
import dev.latchkey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of SSO connection management on the backend (SSO_OAUTH.md §1.2, §1.5, §1.6): OIDC discovery and its
 * failure, SAML metadata by URL (and the XXE refusal), certificate limits, key formats, attribute mappings, role
 * assignments, organization settings naming connections, tenancy, and secrets sealed at rest. Every refusal changes
 * nothing.
 */
class SsoConnectionRulesTest {
    static final Map<String, String> MAPPING = Map.of("email", "NameID", "first_name", "given", "last_name", "family");

    static TestServer server;
    static Flows flows;
    static Tables tables;
    static LocalIdp idp;

    @BeforeAll
    static void start() {
        server = new TestServer();
        flows = new Flows(server);
        tables = new Tables(server.databaseUrl);
        idp = new LocalIdp();
    }

    @AfterAll
    static void stop() {
        idp.close();
        server.close();
    }

    static String saml(String org) {
        return ok(server.call("POST", "/v1/b2b/sso/saml/" + org, json("display_name", "SAML")))
                .at("/connection/connection_id");
    }

    static String oidc(String org) {
        return ok(server.call("POST", "/v1/b2b/sso/oidc/" + org, json("display_name", "OIDC")))
                .at("/connection/connection_id");
    }

    static TestServer.Response updateSaml(String org, String id, Object... fields) {
        return server.call("PUT", "/v1/b2b/sso/saml/" + org + "/connections/" + id, json(fields));
    }

    static TestServer.Response updateOidc(String org, String id, Object... fields) {
        return server.call("PUT", "/v1/b2b/sso/oidc/" + org + "/connections/" + id, json(fields));
    }

    /** A SAML connection made active: entity id, SSO URL, mapping, one certificate. */
    static String activeSaml(String org) {
        String id = saml(org);
        ok(updateSaml(
                org,
                id,
                "idp_entity_id",
                "https://idp.test/entity",
                "idp_sso_url",
                "https://idp.test/sso",
                "attribute_mapping",
                MAPPING,
                "x509_certificate",
                TestKeys.certificatePem("idp")));
        return id;
    }

    static String discoveryDocument(String issuer) {
        return json(
                "issuer",
                issuer,
                "authorization_endpoint",
                issuer + "/authorize",
                "token_endpoint",
                issuer + "/token",
                "userinfo_endpoint",
                issuer + "/userinfo",
                "jwks_uri",
                issuer + "/jwks");
    }

    @Test
    void oidcIssuerChangeDiscoversTheEndpointsAndExplicitValuesWin() {
        String org = flows.organization();
        String id = oidc(org);
        String issuer = idp.url("/tenant-a");
        idp.serve("/tenant-a/.well-known/openid-configuration", discoveryDocument(issuer));

        var r = ok(updateOidc(
                org,
                id,
                "issuer",
                issuer,
                "client_id",
                "client",
                "client_secret",
                "s3cret-value",
                "token_url",
                "https://explicit.test/token"));
        assertThat(r.at("/connection/authorization_url")).isEqualTo(issuer + "/authorize");
        assertThat(r.at("/connection/token_url")).isEqualTo("https://explicit.test/token");
        assertThat(r.at("/connection/userinfo_url")).isEqualTo(issuer + "/userinfo");
        assertThat(r.at("/connection/jwks_url")).isEqualTo(issuer + "/jwks");
        assertThat(r.at("/connection/status")).isEqualTo("active");
        assertThat(r.json().path("warning").isNull() || r.json().path("warning").isMissingNode())
                .isTrue();
        assertThat(r.at("/connection/client_secret")).isEqualTo("s3cret-value");
    }

    @Test
    void oidcDiscoveryFailureStillUpdatesAndWarns() {
        String org = flows.organization();
        String id = oidc(org);
        String issuer = idp.url("/nowhere");

        var r = ok(updateOidc(org, id, "issuer", issuer, "client_id", "client"));
        assertThat(r.at("/warning")).contains("discovery failed").contains("404");
        assertThat(r.at("/connection/issuer")).isEqualTo(issuer);
        assertThat(r.at("/connection/client_id")).isEqualTo("client");
        assertThat(r.at("/connection/authorization_url")).isEmpty();
        assertThat(r.at("/connection/status")).isEqualTo("pending");
        assertThat(idp.hits("/nowhere/.well-known/openid-configuration")).isEqualTo(1);
    }

    @Test
    void oidcDiscoveryDocumentNamingAnotherIssuerIsNotUsed() {
        String org = flows.organization();
        String id = oidc(org);
        String issuer = idp.url("/liar");
        idp.serve("/liar/.well-known/openid-configuration", discoveryDocument("https://evil.test"));

        var r = ok(updateOidc(org, id, "issuer", issuer));
        assertThat(r.at("/warning")).contains("names issuer");
        assertThat(r.at("/connection/authorization_url")).isEmpty();
    }

    @Test
    void oidcClientSecretIsSealedInTheDatabase() {
        String org = flows.organization();
        String id = oidc(org);
        ok(updateOidc(org, id, "client_secret", "plain-text-secret-123"));

        Map<String, Object> row = tables.row(
                "SELECT row_to_json(c)::text AS j, client_secret_sealed FROM" + " sso_connections c WHERE id = ?", id);
        assertThat(row.get("j").toString()).doesNotContain("plain-text-secret-123");
        assertThat(new String((byte[]) row.get("client_secret_sealed"), StandardCharsets.ISO_8859_1))
                .doesNotContain("plain-text-secret-123");
    }

    @Test
    void oidcBadUrlIsRefusedAndChangesNothing() {
        String org = flows.organization();
        String id = oidc(org);
        fails(
                tables.unchanged(() -> updateOidc(org, id, "client_id", "c", "jwks_url", "ftp://idp.test/jwks")),
                400,
                "oidc_connection_jwks_url_invalid_format");
        fails(
                tables.unchanged(() -> updateOidc(org, id, "issuer", "not a url")),
                400,
                "oidc_connection_issuer_url_invalid_format");
    }

    @Test
    void samlMetadataUrlFillsEntityIdRedirectBindingAndCertificate() {
        String org = flows.organization();
        String id = saml(org);
        String cert = TestKeys.certificatePem("metadata-idp");
        String body = cert.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        idp.serve(
                "/metadata.xml",
                """
                <?xml version="1.0"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test/meta">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                    <md:KeyDescriptor use="signing">
                      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                        <ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data>
                      </ds:KeyInfo>
                    </md:KeyDescriptor>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
                        Location="https://idp.test/sso/post"/>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                        Location="https://idp.test/sso/redirect"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """
                        .formatted(body));

        var r = ok(server.call(
                "PUT",
                "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url",
                json("metadata_url", idp.url("/metadata.xml"))));
        assertThat(r.at("/connection/idp_entity_id")).isEqualTo("https://idp.test/meta");
        assertThat(r.at("/connection/idp_sso_url")).isEqualTo("https://idp.test/sso/redirect");
        assertThat(r.json().at("/connection/verification_certificates")).hasSize(1);
        assertThat(r.at("/connection/status")).isEqualTo("pending"); // the attribute mapping is still missing

        // fetched again, the same certificate is not added twice
        r = ok(server.call(
                "PUT",
                "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url",
                json("metadata_url", idp.url("/metadata.xml"))));
        assertThat(r.json().at("/connection/verification_certificates")).hasSize(1);
        r = ok(updateSaml(org, id, "attribute_mapping", MAPPING));
        assertThat(r.at("/connection/status")).isEqualTo("active");
    }

    @Test
    void samlMetadataWithADoctypeIsRefusedAndItsExternalEntityNeverFetched() {
        String org = flows.organization();
        String id = saml(org);
        idp.serve(
                "/xxe.xml",
                """
                <?xml version="1.0"?>
                <!DOCTYPE md:EntityDescriptor [ <!ENTITY ext SYSTEM "%s"> ]>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&ext;">
                  <md:IDPSSODescriptor/>
                </md:EntityDescriptor>
                """
                        .formatted(idp.url("/secret")));

        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url",
                        json("metadata_url", idp.url("/xxe.xml")))),
                400,
                "invalid_xml_from_saml_metadata_url");
        assertThat(idp.hits("/xxe.xml")).isEqualTo(1);
        assertThat(idp.hits("/secret")).isZero();
    }

    @Test
    void samlMetadataUrlThatCannotBeFetchedIsRefused() {
        String org = flows.organization();
        String id = saml(org);
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/url",
                        json("metadata_url", idp.url("/missing.xml")))),
                400,
                "invalid_saml_metadata_url");
    }

    @Test
    void atMostFiveVerificationCertificatesAndTheLastCannotBeDeleted() {
        String org = flows.organization();
        String id = saml(org);
        for (int i = 0; i < 5; i++) {
            ok(updateSaml(org, id, "x509_certificate", TestKeys.certificatePem("idp-" + i)));
        }
        fails(
                tables.unchanged(() -> updateSaml(org, id, "x509_certificate", TestKeys.certificatePem("idp-6"))),
                400,
                "too_many_sso_verification_certificates");

        var certs = ok(server.call("GET", "/v1/b2b/sso/" + org, null))
                .json()
                .at("/saml_connections/0/verification_certificates");
        assertThat(certs).hasSize(5);
        String base = "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/verification_certificates/";
        for (int i = 0; i < 4; i++) {
            String certId = certs.get(i).get("certificate_id").asText();
            assertThat(ok(server.call("DELETE", base + certId, null)).at("/certificate_id"))
                    .isEqualTo(certId);
        }
        String last = certs.get(4).get("certificate_id").asText();
        fails(
                tables.unchanged(() -> server.call("DELETE", base + last, null)),
                400,
                "cannot_delete_last_sso_verification_key");
        fails(
                tables.unchanged(() -> server.call("DELETE", base + "saml-verification-key-test-nope", null)),
                404,
                "sso_verification_key_not_found");
    }

    @Test
    void aCertificateThatIsNotX509PemIsRefused() {
        String org = flows.organization();
        String id = saml(org);
        fails(
                tables.unchanged(() -> updateSaml(org, id, "x509_certificate", "hello")),
                400,
                "invalid_x509_certificate");
        fails(
                tables.unchanged(() -> updateSaml(
                        org,
                        id,
                        "idp_entity_id",
                        "https://idp.test/e",
                        "x509_certificate",
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")),
                400,
                "invalid_x509_certificate");
    }

    @Test
    void aSigningPrivateKeyReplacesTheGeneratedOneWithANewCertificate() throws Exception {
        String org = flows.organization();
        String id = saml(org);
        var before = ok(server.call("GET", "/v1/b2b/sso/" + org, null))
                .json()
                .at("/saml_connections/0/signing_certificates/0");
        KeyPair keys = TestKeys.rsa(2048);

        var r = ok(updateSaml(org, id, "signing_private_key", TestKeys.pkcs1Pem(keys)));
        var after = r.json().at("/connection/signing_certificates");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("certificate_id").asText())
                .isNotEqualTo(before.get("certificate_id").asText());
        var cert = Pem.certificate(after.get(0).get("certificate").asText());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        cert.verify(keys.getPublic());

        SsoConnection stored = server.app.services().database().withHandle(h -> server.app
                .services()
                .ssoConnections()
                .find(h, server.project.project(), id)
                .orElseThrow());
        assertThat(((SamlConnection) stored).spSigningKey()).isEqualTo(keys.getPrivate());
        assertThat(tables.rows("SELECT 1 FROM sso_certificates WHERE connection_id = ? AND kind = 'signing'", id))
                .hasSize(1);
    }

    @Test
    void privateKeysOtherThanPkcs1RsaAreRefused() {
        String org = flows.organization();
        String id = saml(org);
        fails(
                tables.unchanged(
                        () -> updateSaml(org, id, "signing_private_key", TestKeys.pkcs8Pem(TestKeys.rsa(2048)))),
                400,
                "saml_signing_private_key_format_not_supported");
        fails(
                tables.unchanged(
                        () -> updateSaml(org, id, "signing_private_key", TestKeys.pkcs1Pem(TestKeys.rsa(1024)))),
                400,
                "saml_signing_private_key_invalid");
    }

    @Test
    void encryptionKeysAreSealedShownUnderBothNamesWithoutTheKeyAndDeletable() {
        String org = flows.organization();
        String id = saml(org);
        KeyPair keys = TestKeys.rsa(2048);
        String pem = TestKeys.pkcs1Pem(keys);
        var r = ok(updateSaml(org, id, "saml_encryption_private_key", pem));
        var listed = r.json().at("/connection/encryption_private_keys");
        assertThat(listed).hasSize(1);
        assertThat(r.json().at("/connection/saml_encryption_private_keys")).isEqualTo(listed);
        assertThat(listed.get(0).get("private_key").asText()).isEmpty();
        String keyId = listed.get(0).get("private_key_id").asText();
        assertThat(keyId).startsWith("saml-encryption-key-test-");
        String body = pem.lines().skip(1).findFirst().orElseThrow();
        assertThat(tables.row("SELECT row_to_json(c)::text AS j FROM sso_certificates c WHERE id = ?", keyId)
                        .get("j")
                        .toString())
                .doesNotContain(body);

        String path = "/v1/b2b/sso/saml/" + org + "/connections/" + id + "/encryption_private_keys/";
        assertThat(ok(server.call("DELETE", path + keyId, null)).at("/private_key_id"))
                .isEqualTo(keyId);
        fails(
                tables.unchanged(() -> server.call("DELETE", path + keyId, null)),
                404,
                "sso_encryption_private_key_not_found");
    }

    @Test
    void samlAttributeMappingNeedsEmailAndANameAndIsFlat() {
        String org = flows.organization();
        String id = saml(org);
        fails(
                tables.unchanged(() -> updateSaml(org, id, "attribute_mapping", Map.of("full_name", "name"))),
                400,
                "saml_connection_email_mapping_required");
        fails(
                tables.unchanged(() ->
                        updateSaml(org, id, "attribute_mapping", Map.of("email", "NameID", "first_name", "given"))),
                400,
                "saml_connection_name_mapping_required");
        fails(
                tables.unchanged(() -> updateSaml(
                        org, id, "attribute_mapping", Map.of("email", "NameID", "full_name", Map.of("nested", "x")))),
                400,
                "saml_connection_no_nested_keys_in_attribute_mapping");
        var r = ok(updateSaml(
                org, id, "attribute_mapping", Map.of("email", "NameID", "full_name", "name", "department", "dept")));
        assertThat(r.at("/connection/attribute_mapping/department")).isEqualTo("dept");
    }

    @Test
    void roleAssignmentsNeedKnownRolesAndGroupsNeedAGroupsKey() {
        String org = flows.organization();
        String id = saml(org);
        ok(updateSaml(org, id, "attribute_mapping", MAPPING));
        fails(
                tables.unchanged(() -> updateSaml(
                        org,
                        id,
                        "saml_group_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin", "group", "admins")))),
                400,
                "saml_connection_attribute_mapping_missing_groups_key");
        fails(
                tables.unchanged(() -> updateSaml(
                        org,
                        id,
                        "saml_connection_implicit_role_assignments",
                        List.of(Map.of("role_id", "no-such-role")))),
                400,
                "invalid_role");

        Map<String, String> withGroups = new java.util.HashMap<>(MAPPING);
        withGroups.put("groups", "memberOf");
        var r = ok(updateSaml(
                org,
                id,
                "attribute_mapping",
                withGroups,
                "saml_connection_implicit_role_assignments",
                List.of(Map.of("role_id", "stytch_member")),
                "saml_group_implicit_role_assignments",
                List.of(Map.of("role_id", "stytch_admin", "group", "admins"))));
        assertThat(r.at("/connection/saml_connection_implicit_role_assignments/0/role_id"))
                .isEqualTo("stytch_member");
        assertThat(r.at("/connection/saml_group_implicit_role_assignments/0/group"))
                .isEqualTo("admins");
        SamlConnection stored =
                (SamlConnection) server.app.services().database().withHandle(h -> server.app
                        .services()
                        .ssoConnections()
                        .find(h, server.project.project(), id)
                        .orElseThrow());
        assertThat(stored.connectionImplicitRoleIds()).containsExactly("stytch_member");
        assertThat(stored.groupImplicitRoles()).containsExactly(new GroupRole("stytch_admin", "admins"));
    }

    @Test
    void anotherOrganizationsConnectionIsNotFoundAndUnchanged() {
        String mine = flows.organization();
        String theirs = flows.organization();
        String theirSaml = activeSaml(theirs);
        String theirOidc = oidc(theirs);

        fails(
                tables.unchanged(() -> updateSaml(mine, theirSaml, "display_name", "hijacked")),
                404,
                "saml_connection_not_found");
        fails(
                tables.unchanged(() -> updateOidc(mine, theirOidc, "client_secret", "x")),
                404,
                "oidc_connection_not_found");
        fails(
                tables.unchanged(
                        () -> server.call("DELETE", "/v1/b2b/sso/" + mine + "/connections/" + theirSaml, null)),
                404,
                "sso_connection_not_found");
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/saml/" + mine + "/connections/" + theirSaml + "/url",
                        json("metadata_url", idp.url("/metadata.xml")))),
                404,
                "saml_connection_not_found");
        fails(
                tables.unchanged(() -> updateSaml(mine, theirOidc, "display_name", "wrong kind")),
                404,
                "saml_connection_not_found");
        var list = ok(server.call("GET", "/v1/b2b/sso/" + mine, null));
        assertThat(list.json().at("/saml_connections")).isEmpty();
        assertThat(list.json().at("/oidc_connections")).isEmpty();
    }

    @Test
    void organizationSettingsMayNameOnlyItsOwnConnections() {
        String org = flows.organization();
        String other = flows.organization();
        String own = activeSaml(org);
        String foreign = activeSaml(other);
        String path = "/v1/b2b/organizations/" + org;

        fails(
                tables.unchanged(() -> server.call("PUT", path, json("sso_default_connection_id", foreign))),
                400,
                "invalid_sso_default_connection_id");
        fails(
                tables.unchanged(() -> server.call("PUT", path, json("sso_jit_provisioning", "RESTRICTED"))),
                400,
                "invalid_restricted_sso_setting");
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        path,
                        json(
                                "sso_jit_provisioning",
                                "RESTRICTED",
                                "sso_jit_provisioning_allowed_connections",
                                List.of(foreign)))),
                400,
                "invalid_restricted_sso_setting");

        var r = ok(server.call(
                "PUT",
                path,
                json(
                        "sso_default_connection_id",
                        own,
                        "sso_jit_provisioning",
                        "RESTRICTED",
                        "sso_jit_provisioning_allowed_connections",
                        List.of(own))));
        assertThat(r.at("/organization/sso_default_connection_id")).isEqualTo(own);
        assertThat(r.at("/organization/sso_jit_provisioning_allowed_connections/0"))
                .isEqualTo(own);

        ok(server.call("DELETE", "/v1/b2b/sso/" + org + "/connections/" + own, null));
        var after = ok(server.call("GET", path, null));
        assertThat(after.json().at("/organization/sso_default_connection_id").asText(""))
                .isEmpty();
        assertThat(after.json().at("/organization/sso_jit_provisioning_allowed_connections"))
                .isEmpty();
        assertThat(after.json().at("/organization/sso_active_connections")).isEmpty();
    }

    @Test
    void ssoEmailJitAndInvitesCannotAllBeNotAllowed() {
        String org = flows.organization();
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/organizations/" + org,
                        json("sso_jit_provisioning", "NOT_ALLOWED", "email_invites", "NOT_ALLOWED"))),
                400,
                "invalid_request_value");
        ok(server.call("PUT", "/v1/b2b/organizations/" + org, json("sso_jit_provisioning", "NOT_ALLOWED")));
    }

    @Test
    void deletingAnOrganizationDeletesItsConnections() {
        String org = flows.organization();
        String id = activeSaml(org);
        ok(server.call("DELETE", "/v1/b2b/organizations/" + org, null));
        assertThat(tables.rows("SELECT 1 FROM sso_connections WHERE id = ?", id))
                .isEmpty();
        assertThat(tables.rows("SELECT 1 FROM sso_certificates WHERE connection_id = ?", id))
                .isEmpty();
    }

    @Test
    void anExternalConnectionFollowsItsSourceAndGoesWithIt() {
        String owner = flows.organization();
        String user = flows.organization();
        String source = saml(owner);
        String path = "/v1/b2b/sso/external/" + user;

        fails(
                tables.unchanged(() -> server.call(
                        "POST", path, json("external_organization_id", user, "external_connection_id", source))),
                404,
                "external_connection_id_not_found");
        var created = ok(server.call(
                "POST",
                path,
                json(
                        "external_organization_id",
                        owner,
                        "external_connection_id",
                        source,
                        "connection_implicit_role_assignments",
                        List.of(Map.of("role_id", "stytch_admin")))));
        String id = created.at("/connection/connection_id");
        assertThat(id).startsWith("external-connection-test-");
        assertThat(created.at("/connection/status")).isEqualTo("pending");
        assertThat(created.at("/connection/external_connection_implicit_role_assignments/0/role_id"))
                .isEqualTo("stytch_admin");
        fails(
                tables.unchanged(() -> server.call(
                        "POST", path, json("external_organization_id", owner, "external_connection_id", source))),
                400,
                "duplicate_external_sso_connection");

        ok(updateSaml(
                owner,
                source,
                "idp_entity_id",
                "https://idp.test/e",
                "idp_sso_url",
                "https://idp.test/sso",
                "attribute_mapping",
                MAPPING,
                "x509_certificate",
                TestKeys.certificatePem("idp"),
                "identity_provider",
                "okta"));
        var listed = ok(server.call("GET", "/v1/b2b/sso/" + user, null));
        assertThat(listed.at("/external_connections/0/status")).isEqualTo("active");
        assertThat(ok(server.call("GET", "/v1/b2b/organizations/" + user, null))
                        .at("/organization/sso_active_connections/0/identity_provider"))
                .isEqualTo("okta");

        ok(server.call("PUT", path + "/connections/" + id, json("display_name", "Partner IdP")));
        ok(server.call("DELETE", "/v1/b2b/sso/" + owner + "/connections/" + source, null));
        assertThat(ok(server.call("GET", "/v1/b2b/sso/" + user, null)).json().at("/external_connections"))
                .isEmpty();
    }

    @Test
    void liveProjectsNeedHttpsAndFetchNothingOverHttp() {
        var live = server.app.services().projects().create(dev.latchkey.project.Environment.LIVE);
        String user = live.project().id();
        String secret = live.secret();
        String slug = "live-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String org = ok(server.call(
                        "POST",
                        "/v1/b2b/organizations",
                        json("organization_name", "Live", "organization_slug", slug),
                        user,
                        secret))
                .at("/organization/organization_id");
        String samlId = ok(server.call("POST", "/v1/b2b/sso/saml/" + org, "{}", user, secret))
                .at("/connection/connection_id");
        assertThat(samlId).startsWith("saml-connection-live-");
        String oidcId = ok(server.call("POST", "/v1/b2b/sso/oidc/" + org, "{}", user, secret))
                .at("/connection/connection_id");
        idp.serve("/live/.well-known/openid-configuration", discoveryDocument(idp.url("/live")));

        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/saml/" + org + "/connections/" + samlId,
                        json("idp_sso_url", "http://idp.test/sso"),
                        user,
                        secret)),
                400,
                "saml_connection_idp_sso_url_not_https");
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/saml/" + org + "/connections/" + samlId + "/url",
                        json("metadata_url", idp.url("/metadata.xml")),
                        user,
                        secret)),
                400,
                "invalid_saml_metadata_url");
        fails(
                tables.unchanged(() -> server.call(
                        "PUT",
                        "/v1/b2b/sso/oidc/" + org + "/connections/" + oidcId,
                        json("issuer", idp.url("/live")),
                        user,
                        secret)),
                400,
                "oidc_connection_issuer_url_invalid_format");
        assertThat(idp.hits("/live/.well-known/openid-configuration")).isZero();
    }

    @Test
    void aRoleRemovedFromThePolicyBlocksNoOtherUpdate() {
        String org = flows.organization();
        ok(server.call(
                "PUT",
                "/v1/b2b/rbac/organizations/" + org,
                json(
                        "org_policy",
                        Map.of(
                                "roles",
                                List.of(Map.of(
                                        "role_id",
                                        "sso-auditor",
                                        "description",
                                        "",
                                        "permissions",
                                        List.of(Map.of("resource_id", "stytch.self", "actions", List.of("*")))))))));
        String id = saml(org);
        ok(updateSaml(org, id, "saml_connection_implicit_role_assignments", List.of(Map.of("role_id", "sso-auditor"))));
        ok(server.call("PUT", "/v1/b2b/rbac/organizations/" + org, json("org_policy", Map.of("roles", List.of()))));

        // the Java SDK sends [] for lists it was not given: that must neither clear nor re-check the stored roles
        var r = ok(updateSaml(
                org,
                id,
                "display_name",
                "renamed",
                "saml_connection_implicit_role_assignments",
                List.of(),
                "saml_group_implicit_role_assignments",
                List.of()));
        assertThat(r.at("/connection/saml_connection_implicit_role_assignments/0/role_id"))
                .isEqualTo("sso-auditor");
        fails(
                tables.unchanged(() -> updateSaml(
                        org,
                        id,
                        "saml_connection_implicit_role_assignments",
                        List.of(Map.of("role_id", "sso-auditor")))),
                400,
                "invalid_role");
    }

    @Test
    void anOrganizationHoldsAtMostFiftyConnections() {
        String org = flows.organization();
        for (int i = 0; i < SsoRules.MAX_CONNECTIONS; i++) {
            oidc(org);
        }
        fails(
                tables.unchanged(() -> server.call("POST", "/v1/b2b/sso/saml/" + org, "{}")),
                400,
                "too_many_sso_connections");
        fails(
                tables.unchanged(() -> server.call("POST", "/v1/b2b/sso/oidc/" + org, "{}")),
                400,
                "too_many_sso_connections");
    }

    @Test
    void anotherProjectSeesNoConnectionOfThisOne() {
        String org = flows.organization();
        String id = activeSaml(org);
        var other = server.newProject();
        String user = other.project().id();
        String secret = other.secret();

        fails(
                tables.unchanged(() -> server.call("GET", "/v1/b2b/sso/" + org, null, user, secret)),
                404,
                "organization_not_found");
        fails(
                tables.unchanged(
                        () -> server.call("DELETE", "/v1/b2b/sso/" + org + "/connections/" + id, null, user, secret)),
                404,
                "organization_not_found");
        java.util.Optional<SsoConnection> found = server.app
                .services()
                .database()
                .withHandle(h -> server.app.services().ssoConnections().find(h, other.project(), id));
        assertThat(found).isEmpty();
        List<SsoConnection> listed = server.app
                .services()
                .database()
                .withHandle(h -> server.app.services().ssoConnections().ofOrganization(h, other.project(), org));
        assertThat(listed).isEmpty();
    }
}
