package dev.latchkey.magiclink;

/**
 * A {@code magic_links/email/login_or_signup} request, parsed once by the route: the organization (id, slug or
 * external id), the address, the two redirect URLs (null for the kind's default), an optional PKCE challenge, the
 * two link lifetimes in minutes (null for the default), and the email's locale.
 */
public record LoginOrSignup(
        String orgKey,
        String emailAddress,
        String loginUrl,
        String signupUrl,
        String codeChallenge,
        Integer loginMinutes,
        Integer signupMinutes,
        String locale) {}
