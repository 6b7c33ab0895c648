package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email address checks and the normal form addresses are stored and compared in. */
public final class EmailAddresses {
    private static final Pattern SHAPE = Pattern.compile("[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@.]{2,}");

    private EmailAddresses() {}

    /** Trimmed and lower-cased; {@code invalid_email} if it is not an address. */
    public static String normalize(String email) {
        String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !SHAPE.matcher(e).matches() || e.contains("..")) {
            throw new ApiException(ErrorType.INVALID_EMAIL, "email_address is not a valid email address.");
        }
        return e;
    }

    public static String domain(String normalizedEmail) {
        return normalizedEmail.substring(normalizedEmail.indexOf('@') + 1);
    }
}
