package dev.latchkey.totp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HOTP, RFC 4226: an HMAC of a counter, dynamically truncated to a decimal code. */
public final class Hotp {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Hotp() {}

    /** The code for {@code counter}, zero-padded to {@code digits} (6 to 8). */
    public static String code(byte[] key, long counter, int digits, HmacAlgorithm algorithm) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8, was " + digits);
        }
        byte[] hash = hmac(key, ByteBuffer.allocate(Long.BYTES).putLong(counter).array(), algorithm);
        // RFC 4226 §5.3: the low nibble of the last byte picks 4 bytes; the top bit is dropped so the value
        // reads the same as an unsigned or a signed 31-bit number.
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    private static byte[] hmac(byte[] key, byte[] message, HmacAlgorithm algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " is always available", e);
        }
    }
}
