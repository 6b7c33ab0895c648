package dev.latchkey.member;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.util.Locale;

/**
 * A {@code start_email_update} request: the new address and how to confirm it. {@code login_template_id} is accepted
 * and not used, as Latchkey has no custom email templates (docs/compatibility.md).
 */
public record StartEmailUpdate(String emailAddress, String loginRedirectUrl, String locale, Delivery delivery) {

    /** How the new address proves it is the member's: Stytch's {@code delivery_method} values. */
    public enum Delivery {
        EMAIL_MAGIC_LINK,
        EMAIL_OTP;

        /** The wire value, absent meaning {@link #EMAIL_MAGIC_LINK}; {@code invalid_request_value} otherwise. */
        public static Delivery of(String wire) {
            if (wire == null || wire.isEmpty()) {
                return EMAIL_MAGIC_LINK;
            }
            try {
                return valueOf(wire.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(
                        ErrorType.INVALID_REQUEST_VALUE, "delivery_method must be EMAIL_MAGIC_LINK or EMAIL_OTP.");
            }
        }
    }
}
