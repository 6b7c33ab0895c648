package dev.latchkey.sso;

import java.time.Instant;

/** One row of {@code sso_certificates}: a certificate (PEM) and, for Latchkey's own keys, the sealed private key. */
record StoredCertificate(
        String id,
        String projectId,
        String connectionId,
        String kind,
        String certificate,
        String issuer,
        byte[] privateKeySealed,
        Instant createdAt,
        Instant expiresAt) {
    static final String VERIFICATION = "verification";
    static final String SIGNING = "signing";
    static final String ENCRYPTION = "encryption";
}
