package dev.latchkey.mfa;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.member.MemberJson;
import dev.latchkey.organization.OrganizationJson;
import dev.latchkey.session.MemberSessionJson;
import java.time.Instant;

/**
 * {@code AUTH_MFA} (SPEC §0.2): the answer of every primary authentication. When MFA or a primary method is
 * still required, {@code member_session} is null and the tokens are {@code ""}, never null (the Java SDK requires
 * them). Endpoint extras are omitted when not set.
 */
public record AuthMfaResponse(
        String memberId,
        MemberJson member,
        OrganizationJson organization,
        String organizationId,
        boolean memberAuthenticated,
        String sessionToken,
        String sessionJwt,
        MemberSessionJson memberSession,
        String intermediateSessionToken,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant intermediateSessionTokenExpiresAt,
        MfaRequired mfaRequired,
        PrimaryRequired primaryRequired,
        @JsonInclude(JsonInclude.Include.NON_NULL) String methodId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean resetSessions,
        @JsonInclude(JsonInclude.Include.NON_NULL) String memberEmailId) {

    public static AuthMfaResponse of(AuthOutcome o, Instant now) {
        return of(o, now, null, null, null);
    }

    public static AuthMfaResponse of(
            AuthOutcome o, Instant now, String methodId, Boolean resetSessions, String memberEmailId) {
        boolean ok = o.authenticated();
        return new AuthMfaResponse(
                o.member().id(),
                MemberJson.of(o.member(), o.organization(), now),
                OrganizationJson.of(o.organization()),
                o.organization().id(),
                ok,
                ok ? o.session().token() : "",
                ok ? o.session().jwt() : "",
                ok ? MemberSessionJson.of(o.session().session(), o.organization(), o.member()) : null,
                ok ? "" : o.intermediate().token(),
                ok ? null : o.intermediate().session().expiresAt(),
                o.mfaRequired(),
                o.primaryRequired(),
                methodId,
                resetSessions,
                memberEmailId);
    }
}
