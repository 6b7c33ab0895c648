package dev.latchkey.member;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.regex.Pattern;

/** E.164 phone numbers, checked with libphonenumber. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /**
     * '+', then ASCII digits with the usual separators. libphonenumber alone would read letters as a keypad
     * ("+1 415 FLOWERS"), linking a number the member never typed (docs/compatibility.md).
     */
    private static final Pattern SHAPE = Pattern.compile("\\+[0-9][0-9 ().-]*");

    private PhoneNumbers() {}

    /**
     * The number in E.164 form; {@code invalid_phone_number} unless it is a valid number given with '+' and digits
     * (spaces, dots, dashes and parentheses between them are allowed).
     */
    public static String e164(String number) {
        String n = number == null ? "" : number.trim();
        if (!SHAPE.matcher(n).matches()) {
            throw invalid();
        }
        try {
            PhoneNumber parsed = UTIL.parse(n, null);
            if (!UTIL.isValidNumber(parsed)) {
                throw invalid();
            }
            return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return new ApiException(
                ErrorType.INVALID_PHONE_NUMBER,
                "mfa_phone_number must be a valid phone number in E.164 format, e.g. +15555550123.");
    }
}
