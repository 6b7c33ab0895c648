package dev.latchkey.session;

import java.util.List;

/**
 * What a second-factor call presented to show it acts for the member: an intermediate session (login in progress)
 * or a live member session (step-up). Exactly one is set.
 */
public record MfaProof(IntermediateSession intermediateSession, String intermediateToken, SessionRef session) {

    public boolean isIntermediate() {
        return intermediateSession != null;
    }

    /** The factors the proof holds: the intermediate session's so far, or the session's. */
    public List<AuthenticationFactor> factors() {
        return isIntermediate()
                ? intermediateSession.factors()
                : session.session().factors();
    }
}
