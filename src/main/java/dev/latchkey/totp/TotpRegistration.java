package dev.latchkey.totp;

import java.time.Instant;

/**
 * A member's TOTP registration as stored: the secret stays sealed until a code is checked against it.
 * {@code expiresAt} applies to pending registrations only and is null once active.
 */
public record TotpRegistration(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        byte[] secretSealed,
        String status,
        Instant expiresAt,
        Instant createdAt,
        Instant verifiedAt) {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public boolean isExpired(Instant now) {
        return !isActive() && expiresAt != null && !expiresAt.isAfter(now);
    }
}
