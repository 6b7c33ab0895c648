package dev.latchkey.totp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 4648 §6 base32 (alphabet {@code A-Z2-7}), the encoding authenticator apps expect for TOTP secrets.
 * Output is upper case without padding; input may be lower case, padded with {@code =} and grouped with
 * spaces, as people copy secrets from other systems.
 */
public final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * Decodes base32 text. Throws {@link IllegalArgumentException} on a character outside the alphabet, on
     * padding anywhere but the end, or on a length no whole number of bytes encodes to (RFC 4648 §6: 8, 2, 4,
     * 5 or 7 characters per final group).
     */
    public static byte[] decode(String text) {
        String s = strip(text);
        int rest = s.length() % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new IllegalArgumentException("base32 text has an impossible length " + s.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int value = value(s.charAt(i));
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** Drops whitespace and trailing padding; padding inside the text is an error. */
    private static String strip(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '=') {
            end--;
        }
        String s = sb.substring(0, end);
        if (s.indexOf('=') >= 0) {
            throw new IllegalArgumentException("base32 padding may only come at the end");
        }
        return s;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        throw new IllegalArgumentException("not a base32 character: '" + c + "'");
    }
}
