package dev.latchkey.password;

/**
 * A {@code passwords/discovery/email/reset/start} request: the address, where its links lead, how long the reset link
 * lives (null: 30 minutes), an optional PKCE challenge and the email's language.
 */
public record DiscoveryResetStart(
        String emailAddress,
        String resetPasswordRedirectUrl,
        String discoveryRedirectUrl,
        Integer expirationMinutes,
        String codeChallenge,
        String locale) {}
