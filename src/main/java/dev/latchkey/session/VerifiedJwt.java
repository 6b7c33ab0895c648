package dev.latchkey.session;

import java.time.Instant;

/**
 * What a session JWT with a good signature says. An expired JWT is still returned, flagged: sessions
 * authenticate renews it when its session is alive (SPEC §3.1).
 *
 * @param memberId the {@code sub} claim
 * @param memberSessionId the {@code id} of the {@code https://stytch.com/session} claim
 * @param expired {@code exp <= now}
 */
public record VerifiedJwt(
        String memberId, String memberSessionId, Instant expiresAt, boolean expired, Instant issuedAt) {}
