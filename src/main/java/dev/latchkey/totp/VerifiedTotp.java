package dev.latchkey.totp;

/** A TOTP code accepted: the registration it matched, and whether that call turned a pending registration active. */
public record VerifiedTotp(String totpRegistrationId, boolean newlyActivated) {}
