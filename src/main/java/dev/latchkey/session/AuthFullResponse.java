package dev.latchkey.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberJson;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationJson;
import java.time.Instant;

/**
 * {@code AUTH_FULL} (SPEC §0.3): the answer of second factors and sessions.authenticate — always a session.
 * {@code recovery_codes_remaining} only on recovery_codes.recover.
 */
public record AuthFullResponse(
        String memberId,
        MemberJson member,
        OrganizationJson organization,
        String organizationId,
        String sessionToken,
        String sessionJwt,
        MemberSessionJson memberSession,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer recoveryCodesRemaining) {

    public static AuthFullResponse of(Organization org, Member member, IssuedSession s, Instant now) {
        return of(org, member, s, now, null);
    }

    public static AuthFullResponse of(
            Organization org, Member member, IssuedSession s, Instant now, Integer recoveryCodesRemaining) {
        return new AuthFullResponse(
                member.id(),
                MemberJson.of(member, org, now),
                OrganizationJson.of(org),
                org.id(),
                s.token(),
                s.jwt(),
                MemberSessionJson.of(s.session(), org, member),
                recoveryCodesRemaining);
    }
}
