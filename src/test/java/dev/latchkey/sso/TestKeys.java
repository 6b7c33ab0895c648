package dev.latchkey.sso;

import dev.latchkey.session.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/** Keys and certificates in the PEM forms an admin pastes into a connection. */
final class TestKeys {
    private TestKeys() {}

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh self-signed certificate, as an IdP's signing certificate, in PEM. */
    static String certificatePem(String name) {
        return pem("CERTIFICATE", certificateDer(name));
    }

    static byte[] certificateDer(String name) {
        return SelfSignedCertificate.create(rsa(2048), name, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The PKCS#1 PEM of an RSA private key: the RSAPrivateKey inside its PKCS#8 PrivateKeyInfo. */
    static String pkcs1Pem(KeyPair keys) {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        // SEQUENCE(len) { INTEGER 0 (3 bytes), AlgorithmIdentifier (15 bytes), OCTET STRING(len) { PKCS#1 } }
        int offset = 2 + lengthOctets(pkcs8[1]) + 3 + 15;
        int header = 2 + lengthOctets(pkcs8[offset + 1]);
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, offset + header, pkcs8.length));
    }

    /** The PKCS#8 PEM of a private key, a form Stytch does not accept for SAML keys. */
    static String pkcs8Pem(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static int lengthOctets(byte first) {
        return (first & 0x80) == 0 ? 0 : first & 0x7f;
    }
}
