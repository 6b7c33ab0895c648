package dev.latchkey.recoverycode;

import dev.latchkey.crypto.Tokens;
import java.util.Locale;
import java.util.regex.Pattern;

/** The shape of recovery codes ({@code xxxx-xxxx-xxxx}, lower-case letters and digits, SPEC §1.4). */
public final class RecoveryCodes {
    /** How many codes a TOTP registration gets. */
    public static final int PER_REGISTRATION = 10;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
    private static final Pattern TOTP_CODE = Pattern.compile("[0-9]{6}");

    private RecoveryCodes() {}

    /** A new random code: 12 characters of a 36-letter alphabet, about 62 bits. */
    public static String generate() {
        return Tokens.fromAlphabet(ALPHABET, 4) + "-" + Tokens.fromAlphabet(ALPHABET, 4) + "-"
                + Tokens.fromAlphabet(ALPHABET, 4);
    }

    /** The form codes are compared in: surrounding whitespace dropped, lower case. */
    public static String normalize(String code) {
        return code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
    }

    /** True when {@code code}, once normalised, has the shape of a recovery code. */
    public static boolean looksLikeRecoveryCode(String code) {
        return FORMAT.matcher(normalize(code)).matches();
    }

    /** True when {@code code} has the shape of a 6-digit TOTP code. */
    public static boolean looksLikeTotpCode(String code) {
        return TOTP_CODE.matcher(code == null ? "" : code.strip()).matches();
    }
}
