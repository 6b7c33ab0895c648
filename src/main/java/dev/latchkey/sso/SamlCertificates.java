package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.project.Project;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The certificates and keys of a SAML connection, inside the caller's transaction on the locked connection: the IdP's
 * verification certificates (at most {@value SsoRules#MAX_CERTIFICATES}), Latchkey's SP signing key pair, and the
 * encryption keys. Private keys are sealed before they are stored.
 */
final class SamlCertificates {
    private final SsoCertificateStore store;
    private final SsoConnections connections;

    SamlCertificates(SsoCertificateStore store, SsoConnections connections) {
        this.store = store;
        this.connections = connections;
    }

    /** Adds the certificates not already held; at most {@value SsoRules#MAX_CERTIFICATES}. Returns the count. */
    int addVerification(Handle h, Project project, SamlConnection current, List<X509Certificate> added, Instant now) {
        List<byte[]> held = new ArrayList<>();
        for (SsoCertificate c : current.verificationKeys()) {
            held.add(encoded(c.certificate()));
        }
        for (X509Certificate c : added) {
            byte[] der = encoded(c);
            if (held.stream().anyMatch(e -> Arrays.equals(e, der))) {
                continue; // the same certificate again (e.g. metadata fetched twice) is not a second one
            }
            if (held.size() >= SsoRules.MAX_CERTIFICATES) {
                throw new ApiException(
                        ErrorType.TOO_MANY_SSO_VERIFICATION_CERTIFICATES,
                        "A connection holds at most 5 verification certificates; delete one first.");
            }
            held.add(der);
            store.insert(
                    h,
                    new StoredCertificate(
                            project.newId("saml-verification-key"),
                            project.id(),
                            current.connectionId(),
                            StoredCertificate.VERIFICATION,
                            Pem.text(c),
                            c.getIssuerX500Principal().getName(),
                            null,
                            now,
                            c.getNotAfter().toInstant()));
        }
        return held.size();
    }

    void addEncryptionKey(Handle h, Project project, SamlConnection current, KeyPair keys, Instant now) {
        if (current.encryptionKeys().size() >= SsoRules.MAX_CERTIFICATES) {
            throw new ApiException(
                    ErrorType.TOO_MANY_ENCRYPTION_CERTIFICATES,
                    "A connection holds at most 5 encryption private keys; delete one first.");
        }
        String id = project.newId("saml-encryption-key");
        store.insert(
                h,
                new StoredCertificate(
                        id,
                        project.id(),
                        current.connectionId(),
                        StoredCertificate.ENCRYPTION,
                        "",
                        "",
                        connections.sealKey(project.id(), id, StoredCertificate.ENCRYPTION, keys.getPrivate()),
                        now,
                        null));
    }

    void replaceSigningKey(Handle h, Project project, String connectionId, KeyPair keys, Instant now) {
        store.deleteAll(h, project.id(), connectionId, StoredCertificate.SIGNING);
        X509Certificate certificate = SpKeys.certificate(keys, connectionId, now);
        String id = project.newId("saml-signing-key");
        store.insert(
                h,
                new StoredCertificate(
                        id,
                        project.id(),
                        connectionId,
                        StoredCertificate.SIGNING,
                        Pem.text(certificate),
                        certificate.getIssuerX500Principal().getName(),
                        connections.sealKey(project.id(), id, StoredCertificate.SIGNING, keys.getPrivate()),
                        now,
                        null));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes one certificate or key of this kind of the connection; false if it has none with that id. */
    boolean delete(Handle h, Project project, String connectionId, String kind, String id) {
        return store.delete(h, project.id(), connectionId, kind, id);
    }
}
