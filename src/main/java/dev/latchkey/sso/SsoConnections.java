package dev.latchkey.sso;

import dev.latchkey.crypto.SecretBox;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.http.PublicUrl;
import dev.latchkey.project.Project;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SSO connections of a project, read inside the caller's transaction, with their secrets opened: what sign-in
 * (start, callback, authenticate) and the management calls work from. Also seals what they store, so that the one
 * rule for associated data (project, connection, purpose) lives here.
 */
public final class SsoConnections {
    /** The path an IdP sends its answer to; the connection id follows (SSO_OAUTH.md §1.3). */
    public static final String CALLBACK_PATH = "/v1/b2b/sso/callback/";

    private final SsoConnectionStore store;
    private final SsoCertificateStore certificateStore;
    private final SecretBox box;
    private final PublicUrl publicUrl;

    /** Stores hold no state, so this one reads certificates through its own {@link SsoCertificateStore}. */
    public SsoConnections(SsoConnectionStore store, SecretBox box, PublicUrl publicUrl) {
        this.store = store;
        this.certificateStore = new SsoCertificateStore();
        this.box = box;
        this.publicUrl = publicUrl;
    }

    /** The connection with this id in the project, of any organization; empty if there is none. */
    public Optional<SsoConnection> find(Handle h, Project project, String connectionId) {
        if (connectionId == null || connectionId.isEmpty()) {
            return Optional.empty();
        }
        return store.find(h, project.id(), connectionId)
                .map(c -> assemble(h, List.of(c)).get(0));
    }

    /**
     * The id of the project a connection belongs to, for a callback that names only the connection: an IdP-initiated
     * SAML login carries no state of ours and no credentials. Connection ids are random, so unique across projects.
     */
    public Optional<String> projectIdOf(Handle h, String connectionId) {
        return store.projectIdOf(h, connectionId);
    }

    /** The organization's connections (given by id), oldest first. */
    public List<SsoConnection> ofOrganization(Handle h, Project project, String organizationId) {
        return assemble(h, store.ofOrganization(h, project.id(), organizationId));
    }

    /** The URL an IdP answers a connection at: its SAML ACS URL and audience, its OIDC redirect URL. */
    public String callbackUrl(String connectionId) {
        return publicUrl.resolve(CALLBACK_PATH + connectionId);
    }

    List<SsoConnection> assemble(Handle h, List<StoredConnection> rows) {
        List<String> samlIds = rows.stream()
                .filter(r -> StoredConnection.SAML.equals(r.kind()))
                .map(StoredConnection::id)
                .toList();
        Map<String, List<StoredCertificate>> certificates = new LinkedHashMap<>();
        for (StoredCertificate c : certificateStore.ofConnections(
                h, rows.isEmpty() ? "" : rows.get(0).projectId(), samlIds)) {
            certificates
                    .computeIfAbsent(c.connectionId(), k -> new ArrayList<>())
                    .add(c);
        }
        List<SsoConnection> out = new ArrayList<>();
        for (StoredConnection r : rows) {
            out.add(
                    switch (r.kind()) {
                        case StoredConnection.SAML -> saml(r, certificates.getOrDefault(r.id(), List.of()));
                        case StoredConnection.OIDC -> oidc(r);
                        default -> external(r);
                    });
        }
        return out;
    }

    private SamlConnection saml(StoredConnection r, List<StoredCertificate> certificates) {
        List<SsoCertificate> verification = new ArrayList<>();
        List<EncryptionKey> encryption = new ArrayList<>();
        SsoCertificate signing = null;
        PrivateKey signingKey = null;
        for (StoredCertificate c : certificates) {
            switch (c.kind()) {
                case StoredCertificate.VERIFICATION -> verification.add(parsed(c));
                case StoredCertificate.SIGNING -> {
                    signing = parsed(c);
                    signingKey = openKey(c);
                }
                default -> encryption.add(new EncryptionKey(c.id(), openKey(c), c.createdAt()));
            }
        }
        String callback = callbackUrl(r.id());
        return new SamlConnection(
                r.projectId(),
                r.organizationId(),
                r.id(),
                r.status(),
                r.displayName(),
                r.identityProvider(),
                r.idpEntityId(),
                r.idpSsoUrl(),
                callback,
                callback,
                r.alternativeAudienceUri(),
                r.alternativeAcsUrl(),
                r.nameidFormat(),
                r.idpInitiatedAuthDisabled(),
                r.attributeMapping(),
                verification.stream().map(SsoCertificate::certificate).toList(),
                signingKey,
                signing == null ? null : signing.certificate(),
                r.connectionRoleIds(),
                r.groupRoles(),
                r.allowGatewayCallback(),
                verification,
                signing,
                encryption);
    }

    private OidcConnection oidc(StoredConnection r) {
        String secret = r.clientSecretSealed() == null
                ? ""
                : new String(
                        box.open(r.clientSecretSealed(), associated(r.projectId(), r.id(), "client_secret")),
                        StandardCharsets.UTF_8);
        return new OidcConnection(
                r.projectId(),
                r.organizationId(),
                r.id(),
                r.status(),
                r.displayName(),
                r.identityProvider(),
                r.issuer(),
                r.clientId(),
                secret,
                r.authorizationUrl(),
                r.tokenUrl(),
                r.userinfoUrl(),
                r.jwksUrl(),
                callbackUrl(r.id()),
                r.customScopes(),
                r.attributeMapping());
    }

    private static ExternalConnection external(StoredConnection r) {
        return new ExternalConnection(
                r.projectId(),
                r.organizationId(),
                r.id(),
                r.status() == null ? SsoConnection.PENDING : r.status(),
                r.displayName(),
                r.identityProvider() == null ? "generic" : r.identityProvider(),
                r.externalOrganizationId(),
                r.externalConnectionId(),
                r.connectionRoleIds(),
                r.groupRoles());
    }

    private static SsoCertificate parsed(StoredCertificate c) {
        return new SsoCertificate(
                c.id(), Pem.certificate(c.certificate()), c.certificate(), c.issuer(), c.createdAt(), c.expiresAt());
    }

    private PrivateKey openKey(StoredCertificate c) {
        try {
            return Pem.privateKey(box.open(c.privateKeySealed(), associated(c.projectId(), c.id(), c.kind())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored SSO private key cannot be read: " + c.id(), e);
        }
    }

    /** Seals a connection's client secret. */
    byte[] sealClientSecret(String projectId, String connectionId, String secret) {
        return box.seal(secret.getBytes(StandardCharsets.UTF_8), associated(projectId, connectionId, "client_secret"));
    }

    /** Seals a private key (PKCS#8) stored in the certificate row {@code certificateId} of this kind. */
    byte[] sealKey(String projectId, String certificateId, String kind, PrivateKey key) {
        return box.seal(key.getEncoded(), associated(projectId, certificateId, kind));
    }

    // Binds a sealed value to its row and purpose, so it cannot be moved to another connection or field.
    private static byte[] associated(String projectId, String rowId, String purpose) {
        return ("sso:" + projectId + ":" + rowId + ":" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    static ApiException notFound(ErrorType type, String connectionId) {
        return new ApiException(type, "No connection " + connectionId + " in this organization.");
    }
}
