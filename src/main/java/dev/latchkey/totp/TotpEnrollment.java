package dev.latchkey.totp;

import java.util.List;

/**
 * A new TOTP registration as shown once to the member: the base32 secret, the same secret as a QR code
 * ({@code data:image/png;base64,...}) and the registration's recovery codes.
 */
public record TotpEnrollment(String totpRegistrationId, String secret, String qrCode, List<String> recoveryCodes) {}
