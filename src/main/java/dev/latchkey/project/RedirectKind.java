package dev.latchkey.project;

import dev.latchkey.error.ErrorType;
import java.util.Locale;

/** The kinds of redirect URL a project configures, with the errors for a missing or unlisted URL. */
public enum RedirectKind {
    LOGIN(ErrorType.NO_MATCH_FOR_PROVIDED_MAGIC_LINK_URL, ErrorType.INVALID_LOGIN_REDIRECT_URL),
    SIGNUP(ErrorType.NO_MATCH_FOR_PROVIDED_MAGIC_LINK_URL, ErrorType.INVALID_SIGNUP_REDIRECT_URL),
    INVITE(ErrorType.NO_DEFAULT_INVITE_REDIRECT_URL_SET, ErrorType.INVALID_INVITE_REDIRECT_URL),
    RESET_PASSWORD(ErrorType.NO_PASSWORD_RESET_REDIRECT_URL, ErrorType.INVALID_PASSWORD_RESET_REDIRECT_URL),
    DISCOVERY(ErrorType.NO_DISCOVERY_REDIRECT_URL, ErrorType.INVALID_DISCOVERY_REDIRECT_URL);

    private final ErrorType missing;
    private final ErrorType notAllowed;

    RedirectKind(ErrorType missing, ErrorType notAllowed) {
        this.missing = missing;
        this.notAllowed = notAllowed;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RedirectKind parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    ErrorType missing() {
        return missing;
    }

    ErrorType notAllowed() {
        return notAllowed;
    }
}
