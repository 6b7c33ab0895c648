package dev.latchkey.session;

import java.time.Instant;
import java.util.List;

/**
 * A bag of factors that may become a member session (SPEC §3.2). Bound to an organization and member, or, from
 * discovery, only to an email address ({@code organizationId} and {@code memberId} null).
 */
public record IntermediateSession(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        String email,
        List<AuthenticationFactor> factors,
        Instant createdAt,
        Instant expiresAt) {}
