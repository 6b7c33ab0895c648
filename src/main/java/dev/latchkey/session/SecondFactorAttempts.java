package dev.latchkey.session;

import dev.latchkey.error.ApiException;
import dev.latchkey.member.Lockout;
import dev.latchkey.member.Member;
import dev.latchkey.member.MemberService;
import dev.latchkey.member.OrgMember;
import dev.latchkey.project.Project;
import dev.latchkey.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * The transaction every second-factor authenticate shares: find and lock the member, refuse a locked one, check
 * the proof (intermediate session or session) and the organization's MFA methods, run the factor's own check,
 * and count the outcome. A wrong code is counted in the same transaction, which commits the count and then
 * answers the failure: against the intermediate session it came with (the fifth consumes it) and against the
 * member's second-factor count (the tenth locks the member, {@link Lockout}). The member's row lock, taken first,
 * makes concurrent attempts on one member run one after another, so each sees the counts of those before it.
 */
public final class SecondFactorAttempts {
    private final Database db;
    private final MemberService members;
    private final IntermediateSessionService intermediate;
    private final SecondFactors secondFactors;
    private final Lockout lockout;

    public SecondFactorAttempts(
            Database db,
            MemberService members,
            IntermediateSessionService intermediate,
            SecondFactors secondFactors,
            Lockout lockout) {
        this.db = db;
        this.members = members;
        this.intermediate = intermediate;
        this.secondFactors = secondFactors;
        this.lockout = lockout;
    }

    /**
     * The factor's own check and completion, inside the attempt's transaction. When it raises a wrong-code error
     * ({@link Lockout#isSecondFactorFailure}) the transaction still commits, so by then it must have written nothing
     * but its own spent try (an SMS code's attempt count).
     */
    @FunctionalInterface
    public interface Check<R> {
        R run(Handle h, OrgMember om, Member lockedMember, MfaProof proof);
    }

    /**
     * Runs one attempt. {@code method} ({@code sms_otp}, {@code totp}, or {@link SecondFactors#RECOVERY_CODES_METHOD}
     * for recovery codes) is checked against the organization's allowed MFA methods.
     */
    public <R> R attempt(
            Project project,
            String orgKey,
            String memberKey,
            String ist,
            SessionCredentials creds,
            String method,
            Check<R> check) {
        return db.inTransactionKeeping(Lockout::isSecondFactorFailure, h -> {
            OrgMember om = members.require(h, project, orgKey, memberKey);
            Member member = members.lock(h, om.member());
            lockout.requireUnlocked(member);
            MfaProof proof = secondFactors.requireProof(h, project, om.organization(), member, ist, creds);
            secondFactors.requireMethodAllowed(om.organization(), member, method);
            R result;
            try {
                result = check.run(h, om, member, proof);
            } catch (ApiException e) {
                if (Lockout.isSecondFactorFailure(e)) {
                    if (proof.isIntermediate()) {
                        intermediate.countWrongCode(h, project, proof.intermediateToken());
                    }
                    lockout.onSecondFactorFailure(h, member);
                }
                throw e;
            }
            lockout.onSecondFactorSuccess(h, member);
            return result;
        });
    }
}
