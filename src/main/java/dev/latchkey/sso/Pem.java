package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.sso.saml.SamlMetadata;
import dev.latchkey.sso.saml.SamlMetadataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text in and out: X.509 certificates, and RSA private keys in the PKCS#1 form Stytch accepts
 * ({@code -----BEGIN RSA PRIVATE KEY-----}). The JDK reads only PKCS#8 keys, so a PKCS#1 key is wrapped in a PKCS#8
 * PrivateKeyInfo (RFC 5208 §5) before it is parsed.
 */
final class Pem {
    /** Largest PEM text accepted, well above a 4096-bit key or a certificate chain. */
    static final int MAX_LENGTH = 16_384;

    private static final Pattern RSA_KEY =
            Pattern.compile("-----BEGIN RSA PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END RSA PRIVATE KEY-----");
    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ENCRYPTION = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private Pem() {}

    /**
     * One X.509 certificate in PEM form (or the bare base64 DER metadata carries), as {@link SamlMetadata} reads it;
     * {@code invalid_x509_certificate} otherwise.
     */
    static X509Certificate certificate(String pem) {
        if (pem == null || pem.length() > MAX_LENGTH) {
            throw invalidCertificate();
        }
        try {
            return SamlMetadata.parseCertificate(pem);
        } catch (SamlMetadataException e) {
            throw invalidCertificate();
        }
    }

    /** A certificate from its DER bytes; {@code invalid_x509_certificate} otherwise. */
    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw invalidCertificate();
        }
    }

    /** The PEM text of a certificate, 64 characters a line (RFC 7468 §2). */
    static String text(X509Certificate certificate) {
        try {
            return text("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    static String text(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * An RSA key pair from a PKCS#1 PEM private key: {@code formatError} if the text is not PKCS#1 PEM,
     * {@code invalidError} if it does not hold an RSA key of at least 2048 bits.
     */
    static KeyPair rsaKeyPair(String pem, ErrorType formatError, ErrorType invalidError) {
        Matcher m = pem == null || pem.length() > MAX_LENGTH ? null : RSA_KEY.matcher(pem.trim());
        if (m == null || !m.matches()) {
            throw new ApiException(
                    formatError, "The private key must be an RSA key in PKCS#1 PEM form (BEGIN RSA PRIVATE KEY).");
        }
        ApiException invalid =
                new ApiException(invalidError, "The private key is not a valid RSA private key of at least 2048 bits.");
        byte[] pkcs1 = decode(m.group(1), () -> invalid);
        try {
            byte[] pkcs8 = tlv(0x30, new byte[] {0x02, 0x01, 0x00}, RSA_ENCRYPTION, tlv(0x04, pkcs1));
            PrivateKey key = privateKey(pkcs8);
            if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() < 2048) {
                throw invalid;
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())), key);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw invalid;
        }
    }

    /** An RSA private key from its PKCS#8 encoding (as sealed at rest). */
    static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static byte[] decode(String base64, java.util.function.Supplier<ApiException> error) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw error.get();
        }
    }

    private static ApiException invalidCertificate() {
        return new ApiException(
                ErrorType.INVALID_X509_CERTIFICATE, "x509_certificate must be one X.509 certificate in PEM form.");
    }

    /** One DER tag-length-value whose value is the concatenation of {@code parts}. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        byte[] length = BigInteger.valueOf(value.size()).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.size() < 0x80) {
            out.write(value.size());
        } else {
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
