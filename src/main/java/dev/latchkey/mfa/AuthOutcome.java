package dev.latchkey.mfa;

import dev.latchkey.member.Member;
import dev.latchkey.organization.Organization;
import dev.latchkey.session.IssuedIntermediateSession;
import dev.latchkey.session.IssuedSession;

/**
 * The result of a primary authentication: a member session, or an intermediate session with what is still
 * required. Exactly one of {@code session} and {@code intermediate} is set.
 */
public record AuthOutcome(
        Organization organization,
        Member member,
        IssuedSession session,
        IssuedIntermediateSession intermediate,
        MfaRequired mfaRequired,
        PrimaryRequired primaryRequired) {

    public boolean authenticated() {
        return session != null;
    }
}
