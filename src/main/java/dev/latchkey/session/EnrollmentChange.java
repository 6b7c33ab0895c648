package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;

/** {@code set_mfa_enrollment} of SMS and TOTP authenticate (SPEC §3.3 rule 7). */
public enum EnrollmentChange {
    NONE,
    ENROLL,
    UNENROLL;

    public static EnrollmentChange parse(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        return switch (value) {
            case "enroll" -> ENROLL;
            case "unenroll" -> UNENROLL;
            default -> throw new ApiException(ErrorType.BAD_REQUEST, "set_mfa_enrollment must be enroll or unenroll.");
        };
    }
}
