package dev.latchkey.recoverycode;

/**
 * A recovery code just used: the TOTP registration it belongs to, the code's own id (for the session's
 * {@code recovery_code_factor}) and how many unused codes the member has left.
 */
public record RecoveredCode(String totpRegistrationId, String recoveryCodeId, int remaining) {}
