package dev.latchkey.session;

import dev.latchkey.member.Member;
import dev.latchkey.member.MemberRoles;
import dev.latchkey.organization.Organization;
import dev.latchkey.store.ReadCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JWT last minted by a session check, per session, handed out again while every claim it carries would be
 * the same: same session (factors, custom claims, times), same member and roles, same organization id and slug,
 * same signing key. It is then as current as a new one, and valid for at least {@code LIFETIME - }{@link #REUSE_FOR}
 * more. A check that changes nothing thus costs no RSA signature; any change mints anew.
 */
final class RecentJwts {
    /** How long a minted JWT may be handed out again. */
    static final Duration REUSE_FOR = Duration.ofSeconds(30);

    private static final int ENTRIES = 10_000;

    private record Minted(
            String kid,
            MemberSession session,
            String memberId,
            List<String> roles,
            String organizationId,
            String slug,
            Instant mintedAt,
            String jwt) {

        boolean sameClaims(String k, MemberSession s, Member m, Organization o) {
            return kid.equals(k)
                    && session.equals(s)
                    && memberId.equals(m.id())
                    && roles.equals(MemberRoles.forSession(m, o, Factors.ssoConnections(s.factors())))
                    && organizationId.equals(o.id())
                    && slug.equals(o.slug());
        }
    }

    private final ReadCache<String, Minted> bySession = new ReadCache<>(REUSE_FOR, ENTRIES);

    /**
     * The JWT minted for the same claims less than {@link #REUSE_FOR} ago (by {@code now}), or a new one from
     * {@code mint}, remembered.
     */
    String get(String kid, MemberSession s, Member member, Organization org, Instant now, Supplier<String> mint) {
        Minted m = bySession.peek(s.id());
        if (m != null
                && !m.mintedAt().isAfter(now)
                && now.isBefore(m.mintedAt().plus(REUSE_FOR))
                && m.sameClaims(kid, s, member, org)) {
            return m.jwt();
        }
        String jwt = mint.get();
        bySession.put(
                s.id(),
                new Minted(
                        kid,
                        s,
                        member.id(),
                        MemberRoles.forSession(member, org, Factors.ssoConnections(s.factors())),
                        org.id(),
                        org.slug(),
                        now,
                        jwt));
        return jwt;
    }
}
