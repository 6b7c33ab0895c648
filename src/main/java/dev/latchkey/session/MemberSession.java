package dev.latchkey.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** A member session: who, in which organization, with which factors, until when. */
public record MemberSession(
        String id,
        String projectId,
        String organizationId,
        String memberId,
        List<AuthenticationFactor> factors,
        ObjectNode customClaims,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt) {}
