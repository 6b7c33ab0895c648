package dev.latchkey.sso.flow;

import java.time.Duration;

/** The numbers of the SSO sign-in (docs/security.md, "SSO sign-in"). */
final class SsoLimits {
    /**
     * How long a started login waits for the IdP. Long enough for a person to type a password and answer the IdP's own
     * MFA; short enough that a leaked RelayState or state is soon worthless.
     */
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);

    /** How long the app has to redeem the sso_token after the redirect (it normally does so at once). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    /**
     * How long past an assertion's NotOnOrAfter its id is remembered: at least the SAML layer's clock skew, after which
     * the assertion is refused as expired anyway.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * How long used and expired requests and tokens are kept before a later login of the project deletes them: long
     * enough to tell "already used" from "unknown" in an error, and to look into a login of the last day.
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    /** The most {@code provider_*} parameters passed on to an OIDC IdP, and the longest value of one. */
    static final int MAX_PROVIDER_PARAMS = 20;

    static final int MAX_PROVIDER_VALUE_LENGTH = 2_000;

    private SsoLimits() {}
}
