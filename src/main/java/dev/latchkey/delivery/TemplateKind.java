package dev.latchkey.delivery;

import java.util.Locale;

/**
 * The emails Latchkey sends. Each names its templates, {@code templates/<locale>/<name>.txt} and {@code .html};
 * the values a kind needs are the placeholders its templates use.
 */
public enum TemplateKind {
    /** Needs {@code organization_name}, {@code link}, {@code expiration_minutes}. */
    MAGIC_LINK_LOGIN,
    /** Needs {@code organization_name}, {@code link}, {@code expiration_minutes}. */
    MAGIC_LINK_SIGNUP,
    /** Needs {@code organization_name}, {@code link}, {@code expiration_minutes}. */
    INVITE,
    /** Needs {@code link}, {@code expiration_minutes}; no organization, so discovery resets use it too. */
    PASSWORD_RESET,
    /** Needs {@code organization_name}, {@code code}, {@code expiration_minutes}. */
    EMAIL_OTP_LOGIN,
    /** Needs {@code organization_name}, {@code code}, {@code expiration_minutes}. */
    EMAIL_OTP_SIGNUP,
    /** Needs {@code link}, {@code expiration_minutes}. */
    DISCOVERY,
    /** Needs {@code code}, {@code expiration_minutes}. */
    DISCOVERY_EMAIL_OTP,
    /** Needs {@code organization_name}, {@code link}, {@code expiration_minutes}: confirms a member's new address. */
    EMAIL_UPDATE_LINK,
    /** Needs {@code organization_name}, {@code code}, {@code expiration_minutes}: confirms a member's new address. */
    EMAIL_UPDATE_CODE,
    /** Needs {@code organization_name}: the member's password was changed or reset. */
    PASSWORD_CHANGED,
    /** Needs {@code organization_name}, {@code factor}: a second factor was added to the member. */
    SECOND_FACTOR_ADDED,
    /** Needs {@code organization_name}, {@code factor}: a second factor was removed from the member. */
    SECOND_FACTOR_REMOVED,
    /** Needs {@code organization_name}: a TOTP code that had already been used was presented again (ASVS 2.8.5). */
    TOTP_CODE_REPLAYED;

    /** The file name of its templates, e.g. {@code magic_link_login}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
