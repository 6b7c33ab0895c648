package dev.latchkey.sso;

import java.security.PrivateKey;
import java.time.Instant;

/** A private key an IdP encrypts SAML assertions to; given by an admin, stored sealed, never shown again. */
public record EncryptionKey(String id, PrivateKey privateKey, Instant createdAt) {}
