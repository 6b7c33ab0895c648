package dev.latchkey.mfa;

import dev.latchkey.http.ApiCall;
import dev.latchkey.http.JsonBody;
import dev.latchkey.session.SessionRequests;

/** Reads what every primary-authentication request brings besides its factor (SPEC §0.1). */
public final class PrimaryRequests {
    private PrimaryRequests() {}

    /** SESSION_IN (the body's on {@code /v1}, the header's on {@code /sdk/v1}), IST_IN, SESSION_OPTS and LOCALE. */
    public static PrimaryContext context(ApiCall call) {
        JsonBody b = call.body();
        return new PrimaryContext(
                call.session(), b.string("intermediate_session_token"), SessionRequests.options(b), b.string("locale"));
    }
}
