package dev.latchkey.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets: session tokens, intermediate session tokens, magic-link tokens, project secrets. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /**
     * A 44-character URL-safe token made of 33 random bytes (264 bits). 33 bytes rather than 32 so the
     * base64url form has no padding and the length matches Stytch's 44-character session tokens.
     */
    public static String token() {
        return randomBase64Url(33);
    }

    public static String randomBase64Url(int bytes) {
        return URL.encodeToString(randomBytes(bytes));
    }

    public static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    /** A uniformly random decimal code of the given number of digits, zero-padded. */
    public static String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return sb.toString();
    }

    /** Random characters drawn uniformly from the given alphabet. */
    public static String fromAlphabet(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
