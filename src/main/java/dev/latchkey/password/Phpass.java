package dev.latchkey.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * phpass "portable" hashes ({@code $P$} from WordPress, {@code $H$} from phpBB): 34 characters, the prefix,
 * one character giving log2 of the iteration count, 8 characters of salt, and 22 characters of the iterated
 * MD5 in phpass's own base64 alphabet.
 */
final class Phpass {
    static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int LENGTH = 34;
    static final int MIN_LOG2_ROUNDS = 7;
    /** phpass allows up to 30, but 2^30 MD5 rounds per login would let one imported hash stall a core. */
    static final int MAX_LOG2_ROUNDS = 18;

    private Phpass() {}

    /** True when {@code hash} has the shape of a portable hash with an accepted iteration count. */
    static boolean wellFormed(String hash) {
        if (hash.length() != LENGTH) {
            return false;
        }
        for (int i = 3; i < LENGTH; i++) {
            if (ITOA64.indexOf(hash.charAt(i)) < 0) {
                return false;
            }
        }
        int log2 = ITOA64.indexOf(hash.charAt(3));
        return log2 >= MIN_LOG2_ROUNDS && log2 <= MAX_LOG2_ROUNDS;
    }

    static boolean verify(byte[] password, String stored) {
        if (!(stored.startsWith("$P$") || stored.startsWith("$H$")) || !wellFormed(stored)) {
            return false;
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
        int rounds = 1 << ITOA64.indexOf(stored.charAt(3));
        md5.update(stored.substring(4, 12).getBytes(StandardCharsets.US_ASCII));
        md5.update(password);
        byte[] hash = md5.digest();
        for (int i = 0; i < rounds; i++) {
            md5.update(hash);
            md5.update(password);
            hash = md5.digest();
        }
        String computed = stored.substring(0, 12) + encode64(hash);
        return MessageDigest.isEqual(
                computed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
    }

    /** phpass's encode64: little-endian groups of 3 bytes into 4 characters of {@link #ITOA64}. */
    private static String encode64(byte[] input) {
        StringBuilder out = new StringBuilder(22);
        int i = 0;
        int count = input.length;
        do {
            int value = input[i++] & 0xff;
            out.append(ITOA64.charAt(value & 0x3f));
            if (i < count) {
                value |= (input[i] & 0xff) << 8;
            }
            out.append(ITOA64.charAt((value >> 6) & 0x3f));
            if (i++ >= count) {
                break;
            }
            if (i < count) {
                value |= (input[i] & 0xff) << 16;
            }
            out.append(ITOA64.charAt((value >> 12) & 0x3f));
            if (i++ >= count) {
                break;
            }
            out.append(ITOA64.charAt((value >> 18) & 0x3f));
        } while (i < count);
        return out.toString();
    }
}
