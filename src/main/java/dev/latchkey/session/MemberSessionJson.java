package dev.latchkey.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberRoles;
import dev.latchkey.organization.Organization;
import java.time.Instant;
import java.util.List;

/** The wire shape of a member session (SPEC §2.3). */
public record MemberSessionJson(
        String memberSessionId,
        String memberId,
        String organizationId,
        String organizationSlug,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        List<AuthenticationFactor> authenticationFactors,
        List<String> roles,
        ObjectNode customClaims) {

    public static MemberSessionJson of(MemberSession s, Organization org, Member member) {
        return new MemberSessionJson(
                s.id(),
                s.memberId(),
                s.organizationId(),
                org.slug(),
                s.startedAt(),
                s.lastAccessedAt(),
                s.expiresAt(),
                s.factors(),
                MemberRoles.forSession(member, org, Factors.ssoConnections(s.factors())),
                s.customClaims());
    }
}
