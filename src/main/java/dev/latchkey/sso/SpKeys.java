package dev.latchkey.sso;

import dev.latchkey.session.SelfSignedCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Latchkey's own key pair for a SAML connection: the key that signs its AuthnRequests and the self-signed certificate
 * an IdP verifies them with ({@code signing_certificates}). One is generated at create; an admin may replace it with
 * their own PKCS#1 key, around which a new certificate is minted.
 */
final class SpKeys {
    /** RSA 2048, as Stytch's generated SP keys. */
    static final int RSA_BITS = 2048;

    private SpKeys() {}

    static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(RSA_BITS);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        }
    }

    /** A certificate for {@code keys}, named after the connection, valid from {@code now} on. */
    static X509Certificate certificate(KeyPair keys, String connectionId, Instant now) {
        return Pem.certificate(SelfSignedCertificate.create(keys, connectionId, now));
    }
}
