package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.organization.RoleCatalog;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Managing SAML connections (SSO_OAUTH.md §1.2): create, update (by fields or from the IdP's metadata URL), and
 * delete a verification certificate or an encryption key. Each call is one transaction on the connection's locked
 * row, and a refused call changes nothing. A connection becomes {@code active} once it has an IdP entity id, SSO URL,
 * attribute mapping and verification certificate.
 */
public final class SamlConnections {
    private final Database db;
    private final OrganizationService organizations;
    private final RoleCatalog roles;
    private final SsoConnectionStore store;
    private final SsoConnections connections;
    private final SamlMetadataFetcher metadata;
    private final SamlCertificates certificates;
    private final Clock clock;

    public SamlConnections(
            Database db,
            OrganizationService organizations,
            RoleCatalog roles,
            SsoConnectionStore store,
            SsoCertificateStore certificateStore,
            SsoConnections connections,
            SamlMetadataFetcher metadata,
            Clock clock) {
        this.db = db;
        this.organizations = organizations;
        this.roles = roles;
        this.store = store;
        this.connections = connections;
        this.metadata = metadata;
        this.certificates = new SamlCertificates(certificateStore, connections);
        this.clock = clock;
    }

    /**
     * A new pending connection of the organization, with a freshly generated SP signing key pair. Raises
     * {@code organization_not_found} and {@code invalid_sso_idp}.
     */
    public SamlConnection create(Project project, String organizationKey, String displayName, String identityProvider) {
        String idp = SsoRules.identityProvider(identityProvider);
        String name = SsoRules.displayName(displayName == null ? "" : displayName);
        KeyPair keys = SpKeys.generate(); // outside the transaction: key generation takes a while
        return db.inTransaction(h -> {
            Organization org = organizations.require(h, project, organizationKey);
            Instant now = now();
            SsoRules.roomForOneMore(store.lockAndCount(h, project.id(), org.id()));
            String id = project.newId("saml-connection");
            store.insert(
                    h, StoredConnection.pending(id, project.id(), org.id(), StoredConnection.SAML, name, idp, now));
            certificates.replaceSigningKey(h, project, id, keys, now);
            return reload(h, project, id);
        });
    }

    /**
     * Applies the update's fields. Raises {@code saml_connection_not_found} (also for another organization's
     * connection), {@code invalid_x509_certificate}, {@code too_many_sso_verification_certificates}, the attribute
     * mapping errors of {@link SsoRules}, {@code invalid_role}, and the private key errors.
     */
    public SamlConnection update(Project project, String organizationKey, String connectionId, SamlUpdate u) {
        // Parsing the PEM inputs first: a bad key or certificate is refused before any row is locked.
        X509Certificate certificate = u.x509Certificate() == null ? null : Pem.certificate(u.x509Certificate());
        KeyPair signing = u.signingPrivateKey() == null
                ? null
                : Pem.rsaKeyPair(
                        u.signingPrivateKey(),
                        ErrorType.SAML_SIGNING_PRIVATE_KEY_FORMAT_NOT_SUPPORTED,
                        ErrorType.SAML_SIGNING_PRIVATE_KEY_INVALID);
        KeyPair encryption = u.encryptionPrivateKey() == null
                ? null
                : Pem.rsaKeyPair(
                        u.encryptionPrivateKey(),
                        ErrorType.SAML_SIGNING_PRIVATE_KEY_FORMAT_NOT_SUPPORTED,
                        ErrorType.SAML_SIGNING_PRIVATE_KEY_INVALID);
        List<X509Certificate> certificates = certificate == null ? List.of() : List.of(certificate);
        return db.inTransaction(
                h -> apply(h, project, organizationKey, connectionId, u, certificates, signing, encryption));
    }

    /**
     * Fills the IdP entity id, SSO URL and verification certificates from the IdP's metadata document at
     * {@code metadataUrl}. Raises {@code invalid_saml_metadata_url}, {@code invalid_xml_from_saml_metadata_url}
     * and the errors of {@link #update}; the attribute mapping must still be set through {@link #update}.
     */
    public SamlConnection updateByUrl(
            Project project, String organizationKey, String connectionId, String metadataUrl) {
        db.withHandle(h -> locate(h, project, organizationKey, connectionId, false)); // fail before fetching
        dev.latchkey.sso.saml.SamlMetadata m = metadata.fetch(metadataUrl, !project.isTest());
        SamlUpdate u = new SamlUpdate(
                null, null, m.entityId(), m.ssoUrl(), null, null, null, null, null, null, null, null, null, null, null);
        return db.inTransaction(
                h -> apply(h, project, organizationKey, connectionId, u, m.signingCertificates(), null, null));
    }

    /**
     * Deletes one IdP verification certificate. Raises {@code sso_verification_key_not_found} and
     * {@code cannot_delete_last_sso_verification_key}.
     */
    public String deleteVerificationCertificate(
            Project project, String organizationKey, String connectionId, String certificateId) {
        return db.inTransaction(h -> {
            SamlConnection c = connectionFor(h, project, locate(h, project, organizationKey, connectionId, true));
            if (c.verificationKeys().stream().noneMatch(k -> k.id().equals(certificateId))) {
                throw new ApiException(
                        ErrorType.SSO_VERIFICATION_KEY_NOT_FOUND, "No verification certificate " + certificateId + ".");
            }
            if (c.verificationKeys().size() == 1) {
                throw new ApiException(
                        ErrorType.CANNOT_DELETE_LAST_SSO_VERIFICATION_KEY,
                        "A connection keeps at least one verification certificate; add another first.");
            }
            certificates.delete(h, project, c.connectionId(), StoredCertificate.VERIFICATION, certificateId);
            return certificateId;
        });
    }

    /** Deletes one encryption private key. Raises {@code sso_encryption_private_key_not_found}. */
    public String deleteEncryptionKey(Project project, String organizationKey, String connectionId, String keyId) {
        return db.inTransaction(h -> {
            StoredConnection row = locate(h, project, organizationKey, connectionId, true);
            if (!certificates.delete(h, project, row.id(), StoredCertificate.ENCRYPTION, keyId)) {
                throw new ApiException(
                        ErrorType.SSO_ENCRYPTION_PRIVATE_KEY_NOT_FOUND, "No encryption private key " + keyId + ".");
            }
            return keyId;
        });
    }

    private SamlConnection apply(
            Handle h,
            Project project,
            String organizationKey,
            String connectionId,
            SamlUpdate u,
            List<X509Certificate> newCertificates,
            KeyPair signing,
            KeyPair encryption) {
        Organization org = organizations.require(h, project, organizationKey);
        StoredConnection row = locate(h, project, org.id(), connectionId, true);
        SamlConnection current = connectionFor(h, project, row);
        Instant now = now();
        ConnectionDraft d = new ConnectionDraft(row);
        if (u.displayName() != null) {
            d.displayName = SsoRules.displayName(u.displayName());
        }
        if (u.identityProvider() != null) {
            d.identityProvider = SsoRules.identityProvider(u.identityProvider());
        }
        if (u.idpEntityId() != null) {
            d.idpEntityId = bounded(u.idpEntityId(), "idp_entity_id");
        }
        if (u.idpSsoUrl() != null) {
            if (!project.isTest() && u.idpSsoUrl().regionMatches(true, 0, "http:", 0, 5)) {
                throw new ApiException(
                        ErrorType.SAML_CONNECTION_IDP_SSO_URL_NOT_HTTPS, "idp_sso_url must be https on live projects.");
            }
            d.idpSsoUrl = SsoRules.url(
                    u.idpSsoUrl(),
                    "idp_sso_url",
                    ErrorType.SAML_CONNECTION_IDP_SSO_URL_INVALID_FORMAT,
                    !project.isTest());
        }
        if (u.alternativeAudienceUri() != null) {
            d.alternativeAudienceUri = bounded(u.alternativeAudienceUri(), "alternative_audience_uri");
        }
        if (u.alternativeAcsUrl() != null) {
            d.alternativeAcsUrl =
                    SsoRules.url(u.alternativeAcsUrl(), "alternative_acs_url", ErrorType.BAD_REQUEST, false);
        }
        if (u.nameidFormat() != null) {
            d.nameidFormat = u.nameidFormat().isEmpty()
                    ? SamlConnection.EMAIL_NAMEID_FORMAT
                    : bounded(u.nameidFormat(), "nameid_format");
        }
        if (u.idpInitiatedAuthDisabled() != null) {
            d.idpInitiatedAuthDisabled = u.idpInitiatedAuthDisabled();
        }
        if (u.allowGatewayCallback() != null) {
            d.allowGatewayCallback = u.allowGatewayCallback();
        }
        if (u.connectionRoleIds() != null && !u.connectionRoleIds().isEmpty()) {
            d.connectionRoleIds = List.copyOf(u.connectionRoleIds());
        }
        if (u.groupRoles() != null && !u.groupRoles().isEmpty()) {
            d.groupRoles = List.copyOf(u.groupRoles());
        }
        if (u.attributeMapping() != null && !u.attributeMapping().isEmpty()) {
            SsoRules.samlMapping(u.attributeMapping(), d.groupRoles);
            d.attributeMapping = u.attributeMapping();
        } else {
            SsoRules.groupsKey(d.attributeMapping, d.groupRoles);
        }
        // Only the assignments being set are checked: a role later removed from the policy blocks no other update.
        List<String> newRoleIds = u.connectionRoleIds() == null ? List.of() : u.connectionRoleIds();
        List<GroupRole> newGroupRoles = u.groupRoles() == null ? List.of() : u.groupRoles();
        if (!newRoleIds.isEmpty() || !newGroupRoles.isEmpty()) {
            SsoRules.knownRoles(roles.roleIds(h, project, org), newRoleIds, newGroupRoles);
        }
        int verification = certificates.addVerification(h, project, current, newCertificates, now);
        if (signing != null) {
            certificates.replaceSigningKey(h, project, row.id(), signing, now);
        }
        if (encryption != null) {
            certificates.addEncryptionKey(h, project, current, encryption, now);
        }
        boolean complete =
                !d.idpSsoUrl.isEmpty() && !d.idpEntityId.isEmpty() && !d.attributeMapping.isEmpty() && verification > 0;
        d.status = complete ? SsoConnection.ACTIVE : SsoConnection.PENDING;
        d.updatedAt = now;
        store.update(h, d.build());
        return reload(h, project, row.id());
    }

    /**
     * The organization's SAML connection with this id, its row locked when {@code lock}; another organization's
     * connection, or one of another kind, is {@code saml_connection_not_found} as if it did not exist.
     */
    private StoredConnection locate(
            Handle h, Project project, String organizationKey, String connectionId, boolean lock) {
        String orgId = organizations.require(h, project, organizationKey).id();
        var row = lock
                ? store.findForUpdate(h, project.id(), orgId, connectionId)
                : store.find(h, project.id(), connectionId)
                        .filter(c -> c.organizationId().equals(orgId));
        return row.filter(c -> StoredConnection.SAML.equals(c.kind()))
                .orElseThrow(() -> SsoConnections.notFound(ErrorType.SAML_CONNECTION_NOT_FOUND, connectionId));
    }

    private SamlConnection connectionFor(Handle h, Project project, StoredConnection row) {
        return (SamlConnection) connections.assemble(h, List.of(row)).get(0);
    }

    private SamlConnection reload(Handle h, Project project, String id) {
        return (SamlConnection) connections.find(h, project, id).orElseThrow();
    }

    private static String bounded(String value, String field) {
        if (value.length() > SsoRules.MAX_URL) {
            throw new ApiException(ErrorType.BAD_REQUEST, field + " must be at most 2048 characters.");
        }
        return value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
