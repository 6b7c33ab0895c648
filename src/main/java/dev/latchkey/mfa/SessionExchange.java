package dev.latchkey.mfa;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.organization.Organization;
import dev.latchkey.organization.OrganizationService;
import dev.latchkey.project.Project;
import dev.latchkey.session.AuthenticationFactor;
import dev.latchkey.session.SessionCredentials;
import dev.latchkey.session.SessionRef;
import dev.latchkey.session.SessionService;
import dev.latchkey.store.Database;
import java.util.List;

/**
 * {@code sessions/exchange} (SPEC §5): a session of one organization becomes a login into another organization
 * of the same email address, carrying only the factors that may move between organizations (email magic link
 * and email OTP; a password is bound to its organization). The target organization's requirements then apply.
 */
public final class SessionExchange {
    private final Database db;
    private final SessionService sessions;
    private final OrganizationService organizations;
    private final MemberService members;
    private final PrimaryAuth primary;

    public SessionExchange(
            Database db,
            SessionService sessions,
            OrganizationService organizations,
            MemberService members,
            PrimaryAuth primary) {
        this.db = db;
        this.sessions = sessions;
        this.organizations = organizations;
        this.members = members;
        this.primary = primary;
    }

    /**
     * Raises {@code session_not_found}, {@code organization_not_found}, {@code member_not_found} (no member of
     * that email in the target organization), {@code insufficient_factors_for_session_exchange}.
     */
    public AuthOutcome exchange(Project project, String orgKey, SessionCredentials creds, PrimaryContext ctx) {
        return db.inTransaction(h -> {
            SessionRef ref = sessions.require(h, project, creds);
            Member source =
                    members.requireAnyOrganization(h, project, ref.session().memberId());
            Organization target = organizations.require(h, project, orgKey);
            Member member = members.findByEmail(h, project, target, source.email());
            if (member == null) {
                throw new ApiException(
                        ErrorType.MEMBER_NOT_FOUND, "No member with " + source.email() + " in that organization.");
            }
            List<AuthenticationFactor> portable = ref.session().factors().stream()
                    .filter(AuthenticationFactor::isTransferable)
                    .toList();
            if (portable.isEmpty()) {
                throw new ApiException(
                        ErrorType.INSUFFICIENT_FACTORS_FOR_SESSION_EXCHANGE,
                        "The session has no factor that may move to another organization (email magic link or email OTP).");
            }
            if (Member.INVITED.equals(member.status()) || Member.PENDING.equals(member.status())) {
                // The session's email factor proves the address: that accepts an invite or completes a signup, as
                // discovery exchange does; a session for a still-pending member would be inconsistent.
                member = members.verifyEmail(h, member);
            }
            return primary.decide(h, project, target, member, portable, null, ctx);
        });
    }
}
