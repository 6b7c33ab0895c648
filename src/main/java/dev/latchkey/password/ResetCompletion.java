package dev.latchkey.password;

import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.project.Project;
import dev.latchkey.session.IntermediateSessionService;
import dev.latchkey.session.SessionService;
import org.jdbi.v3.core.Handle;

/**
 * What every completed password reset does once the new password is set, whichever way the reset came (email link,
 * discovery email link, existing password, session): whatever was started with the old password, or by someone who
 * knew it, is over.
 */
final class ResetCompletion {
    private final SessionService sessions;
    private final PasswordResets resets;
    private final IntermediateSessionService intermediate;
    private final MemberService members;

    ResetCompletion(
            SessionService sessions,
            PasswordResets resets,
            IntermediateSessionService intermediate,
            MemberService members) {
        this.sessions = sessions;
        this.resets = resets;
        this.intermediate = intermediate;
        this.members = members;
    }

    /**
     * Revokes the member's sessions (but {@code keepSessionId}, the session a session reset used), consumes the
     * member's other reset links (its own and its address's discovery links) and live intermediate sessions (but
     * {@code keepIntermediateToken}, which the request carries and the flow goes on to use), and emails the member,
     * all in the caller's transaction.
     */
    void complete(
            Handle h,
            Project project,
            Organization org,
            Member member,
            String keepSessionId,
            String keepIntermediateToken,
            String locale) {
        sessions.revokeAll(h, project, member.id(), keepSessionId);
        resets.consumeOutstanding(h, project, member);
        intermediate.consumeAllOfMember(h, project, member.id(), keepIntermediateToken);
        members.notices().passwordChanged(h, project, org, member, locale);
    }
}
