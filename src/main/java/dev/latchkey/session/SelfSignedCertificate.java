package dev.latchkey.session;

import dev.latchkey.crypto.Tokens;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A minimal self-signed X.509 v3 certificate (RFC 5280) around a signing key's public key, so that the JWKS
 * carries a real {@code x5c} chain and {@code x5tS256} thumbprint as Stytch's does, rather than empty
 * placeholders (and SAML connections carry one around their SP signing key). The JDK parses certificates but cannot build them, and BouncyCastle is not worth a
 * dependency for one fixed shape, so the DER is written here: issuer = subject = {@code CN=<kid>}, no
 * extensions, signed with SHA256withRSA by the key itself.
 */
public final class SelfSignedCertificate {
    /** AlgorithmIdentifier sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
    private static final byte[] SHA256_WITH_RSA = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00
    };
    /** OID id-at-commonName (2.5.4.3). */
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    /** RFC 5280 §4.1.2.5: notAfter 99991231235959Z means the certificate has no well-defined expiration. */
    private static final String NO_EXPIRY = "99991231235959Z";

    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant UTC_TIME_LIMIT = Instant.parse("2050-01-01T00:00:00Z");

    private SelfSignedCertificate() {}

    /** The DER encoding of a certificate for {@code keys}, valid from {@code notBefore} without expiry. */
    public static byte[] create(KeyPair keys, String commonName, Instant notBefore) {
        byte[] name =
                tlv(0x30, tlv(0x31, tlv(0x30, COMMON_NAME, tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 128 random bits keep it unique.
        BigInteger serial = new BigInteger(1, Tokens.randomBytes(16)).setBit(0);
        byte[] tbs = tlv(
                0x30,
                tlv(0xa0, integer(BigInteger.TWO)), // [0] EXPLICIT version: v3
                integer(serial),
                SHA256_WITH_RSA,
                name,
                tlv(0x30, time(notBefore), tlv(0x18, ascii(NO_EXPIRY))),
                name,
                keys.getPublic().getEncoded()); // already a DER SubjectPublicKeyInfo
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1]; // leading octet: 0 unused bits
            System.arraycopy(signature, 0, bits, 1, signature.length);
            return tlv(0x30, tbs, SHA256_WITH_RSA, tlv(0x03, bits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the key's certificate", e);
        }
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
    private static byte[] time(Instant t) {
        return t.isBefore(UTC_TIME_LIMIT)
                ? tlv(0x17, ascii(UTC_TIME.format(t)))
                : tlv(0x18, ascii(GENERALIZED_TIME.format(t)));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray()); // minimal two's complement, as DER requires
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One DER tag-length-value; the value is the concatenation of {@code parts}. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        int length = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
