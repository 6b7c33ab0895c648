package dev.latchkey.sso;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A certificate a SAML connection holds (an IdP verification certificate, or Latchkey's own signing certificate)
 * with the id and PEM text the API shows.
 */
public record SsoCertificate(
        String id, X509Certificate certificate, String pem, String issuer, Instant createdAt, Instant expiresAt) {}
