package dev.latchkey.session;

import java.time.Instant;

/**
 * One row of {@code signing_keys}, as stored: the private key sealed, the public key as JWK JSON text.
 *
 * @param retiredAt null while the key is the project's active key
 */
record SigningKeyRow(
        String kid,
        String projectId,
        byte[] privateKeySealed,
        String publicJwk,
        Instant createdAt,
        Instant retiredAt) {}
