package dev.latchkey.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of one-time passcodes under a key derived from the master key, so a database dump does not reveal
 * live codes and a 6-digit code cannot be brute-forced offline without the key.
 */
public final class OtpHasher {
    private final SecretKeySpec key;

    public OtpHasher(byte[] masterKey) {
        this.key = new SecretKeySpec(
                hmac(new SecretKeySpec(masterKey, "HmacSHA256"), "latchkey otp key v1"), "HmacSHA256");
    }

    /** The HMAC of a code, bound to who it was issued for (e.g. project and member ids). */
    public String hash(String subject, String code) {
        return HexFormat.of().formatHex(hmac(key, subject + "\n" + code));
    }

    private static byte[] hmac(SecretKeySpec k, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
