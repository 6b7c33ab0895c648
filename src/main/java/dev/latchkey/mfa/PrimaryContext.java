package dev.latchkey.mfa;

import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionOptions;

/**
 * What a primary-authentication request brings besides its factor: an existing session (step-up), an intermediate
 * session to add the factor to, session options, and the locale of a pre-sent SMS.
 */
public record PrimaryContext(
        SessionCredentials session, String intermediateSessionToken, SessionOptions options, String locale) {
    public static final PrimaryContext NONE =
            new PrimaryContext(SessionCredentials.NONE, null, SessionOptions.NONE, null);
}
